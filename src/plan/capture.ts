/**
 * Records every resource registration the program sends to the (mock) resource monitor, with
 * what the engine would see: parent, provider, dependencies, protect and the serialized inputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { SECRET_PLACEHOLDER } from "../stack-files";
import { PlanResource } from "./types";

type Struct = Parameters<typeof pulumi.runtime.deserializeProperties>[0];

/** What registration and read requests both carry. */
interface ResourceRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProvider(): string;
    getDependenciesList(): string[];
}

/** The part of the monitor's ReadResourceRequest the plan reads (StackReferences, lookups). */
interface ReadResourceRequest extends ResourceRequest {
    getProperties(): Struct;
}

/** The part of the monitor's RegisterResourceRequest the plan reads. */
interface RegisterResourceRequest extends ResourceRequest {
    getCustom(): boolean;
    getProtect(): boolean | undefined;
    getIgnorechangesList(): string[];
    getObject(): Struct;
    /** The `import` option's id; "" when the resource is not imported. */
    getImportid(): string;
}

interface RegisterResourceResponse {
    getUrn(): string;
}

type Callback = (err: unknown, response?: RegisterResourceResponse) => void;

interface MonitorLike {
    registerResource(req: RegisterResourceRequest, callback: Callback): void;
    readResource(req: ReadResourceRequest, callback: Callback): void;
    newUrn(parent: string, type: string, name: string): string;
}

/**
 * The URN the engine gives a resource: its type is qualified by the parent's whole type chain
 * (`bibox:region:RegionStack$bibox:network:Network$aws:ec2/vpc:Vpc`). The mock monitor keeps only
 * the parent's last type, which would make nested URNs in the plan differ from real ones.
 */
export function engineUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    const qualified = parent ? `${parent.split("::")[2]}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

export interface Capture {
    readonly resources: PlanResource[];
    /** Registrations the monitor refused. */
    readonly errors: unknown[];
}

/** Wraps the monitor installed by `setMocks` (call right after it) and gives it engine URNs. */
export function captureRegistrations(): Capture {
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike | undefined;
    if (!monitor || typeof monitor.registerResource !== "function") {
        throw new Error("no mock resource monitor installed: call pulumi.runtime.setMocks first");
    }
    const capture: Capture = { resources: [], errors: [] };
    monitor.newUrn = (parent, type, name) => engineUrn(pulumi.getStack(), pulumi.getProject(), parent, type, name);
    /** Records the request, then lets the monitor answer and fills in the URN it gave. */
    const track = <Req>(record: PlanResource, original: (req: Req, cb: Callback) => void, req: Req, callback: Callback) => {
        capture.resources.push(record);
        original(req, (err, response) => {
            if (err) capture.errors.push(err);
            if (response) record.urn = response.getUrn();
            callback(err, response);
        });
    };
    const common = (req: ResourceRequest) => ({
        urn: "",
        type: req.getType(),
        name: req.getName(),
        parent: req.getParent() || null,
        provider: req.getProvider() || null,
        dependencies: [...req.getDependenciesList()],
    });
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
        track({
            ...common(req),
            protect: req.getProtect() ?? false,
            ignoreChanges: [...req.getIgnorechangesList()],
            custom: req.getCustom(),
            inputs: sanitize(pulumi.runtime.deserializeProperties(maskSecrets(req.getObject()))) as Record<string, unknown>,
            // Only on imported resources, so every other resource keeps the documented keys.
            ...(req.getImportid() ? { importId: req.getImportid() } : {}),
        }, register, req, callback);
    const read = monitor.readResource.bind(monitor);
    monitor.readResource = (req, callback) =>
        track({
            ...common(req),
            protect: false,
            ignoreChanges: [],
            custom: true,
            inputs: sanitize(pulumi.runtime.deserializeProperties(req.getProperties())) as Record<string, unknown>,
        }, read, req, callback);
    return capture;
}

/**
 * The request's properties with every secret replaced by the placeholder where it sits. The
 * engine keeps a secret nested in an input at its place (a listener rule's header value, not the
 * whole `conditions`); deserializing first would lift it to the top-level property.
 */
function maskSecrets(struct: Struct): Struct {
    const mask = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(mask);
        if (v !== null && typeof v === "object") {
            const obj = v as Record<string, unknown>;
            if (obj[SECRET_SIG_KEY] === SECRET_SIG) return SECRET_PLACEHOLDER;
            return Object.fromEntries(Object.entries(obj).map(([k, x]) => [k, mask(x)]));
        }
        return v;
    };
    const masked = mask(struct.toJavaScript());
    return { toJavaScript: () => masked } as unknown as Struct;
}

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Plain JSON of a deserialized property value: secrets masked, unknowns marked, assets named. */
export function sanitize(value: unknown): unknown {
    if (value === UNKNOWN) return "[unknown]";
    if (Array.isArray(value)) return value.map(sanitize);
    if (pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value)) return "[asset]";
    if (pulumi.Resource.isInstance(value)) return "[resource]";
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SECRET_SIG_KEY] === SECRET_SIG) return SECRET_PLACEHOLDER;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(obj)) out[k] = sanitize(v);
        return out;
    }
    return value;
}

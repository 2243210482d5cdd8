/**
 * What a CloudTrail trail records, from its event selectors, as CloudTrail evaluates them:
 * - no selectors: "all read and write management events, and no data events"
 *   (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html);
 * - basic `eventSelectors`: `includeManagementEvents` (default true) and `readWriteType` (default
 *   All) for management events; `dataResources` of type AWS::S3::Object whose values are ARN
 *   prefixes ("arn:aws:s3" for every bucket) for data events;
 * - `advancedEventSelectors`: an event is logged when every field selector of one selector matches
 *   it — management events only through a selector of eventCategory Management
 *   (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html,
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/filtering-data-events.html).
 */
import { asArray, strings } from "../network/refs";

export interface CloudTrailEvent {
    eventCategory: "Management" | "Data";
    readOnly: boolean;
    resourceType?: string;
    /** The resource's ARN (an object: `arn:aws:s3:::bucket/key`). */
    arn?: string;
    eventName?: string;
}

interface FieldSelector {
    field: string;
    equals?: string[];
    notEquals?: string[];
    startsWith?: string[];
    notStartsWith?: string[];
    endsWith?: string[];
    notEndsWith?: string[];
}
interface AdvancedSelector {
    name?: string;
    fieldSelectors?: FieldSelector[];
}
interface BasicSelector {
    includeManagementEvents?: boolean;
    readWriteType?: string;
    dataResources?: { type?: string; values?: string[] }[];
}

function fieldValue(e: CloudTrailEvent, field: string): string | undefined {
    switch (field) {
        case "eventCategory": return e.eventCategory;
        case "readOnly": return String(e.readOnly);
        case "resources.type": return e.resourceType;
        case "resources.ARN": return e.arn;
        case "eventName": return e.eventName;
        default: return undefined;
    }
}

/** One field selector against an event; a field the event does not have matches no positive test. */
export function fieldMatches(f: FieldSelector, e: CloudTrailEvent): boolean {
    const v = fieldValue(e, f.field);
    const any = (list: string[] | undefined, test: (x: string) => boolean) => asArray(list).some(test);
    if (f.equals && !(v !== undefined && any(f.equals, (x) => x === v))) return false;
    if (f.startsWith && !(v !== undefined && any(f.startsWith, (x) => v.startsWith(x)))) return false;
    if (f.endsWith && !(v !== undefined && any(f.endsWith, (x) => v.endsWith(x)))) return false;
    if (f.notEquals && v !== undefined && any(f.notEquals, (x) => x === v)) return false;
    if (f.notStartsWith && v !== undefined && any(f.notStartsWith, (x) => v.startsWith(x))) return false;
    if (f.notEndsWith && v !== undefined && any(f.notEndsWith, (x) => v.endsWith(x))) return false;
    return true;
}

/** True when a trail with these inputs records the event. */
export function records(trail: Record<string, unknown>, e: CloudTrailEvent): boolean {
    const advanced = asArray(trail.advancedEventSelectors as AdvancedSelector[] | undefined);
    if (advanced.length > 0) return advanced.some((s) => asArray(s.fieldSelectors).every((f) => fieldMatches(f, e)));
    const basic = asArray(trail.eventSelectors as BasicSelector[] | undefined);
    if (basic.length === 0) return e.eventCategory === "Management";
    return basic.some((s) => {
        const rw = s.readWriteType ?? "All";
        if (!(rw === "All" || (rw === "ReadOnly") === e.readOnly)) return false;
        if (e.eventCategory === "Management") return s.includeManagementEvents !== false;
        return asArray(s.dataResources).some((d) => d.type === e.resourceType && strings(d.values).some((prefix) => e.arn !== undefined && e.arn.startsWith(prefix)));
    });
}

/** Write data events on an object of the bucket — what "the bucket's object writes are audited" tests. */
export const objectWrites = (bucketArn: string): CloudTrailEvent[] =>
    ["PutObject", "DeleteObject", "CopyObject"].map((eventName) => ({ eventCategory: "Data", readOnly: false, resourceType: "AWS::S3::Object", arn: `${bucketArn}/audit-probe`, eventName }));

/** Management events, read and write — what "the trail records the account's API activity" tests. */
export const managementEvents: CloudTrailEvent[] = [false, true].map((readOnly) => ({ eventCategory: "Management", readOnly, eventName: readOnly ? "DescribeInstances" : "RunInstances" }));

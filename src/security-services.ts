/**
 * `bibox:securityServices`: who runs GuardDuty and Security Hub in a stack's account and region
 * (components/ops/SecurityBaseline.ts GuardDutyMode, SecurityHubMode). Pure: zod and the key catalogue.
 */
import { z } from "zod";
import type { SecurityServicesConfig } from "../components/region/settings";
import { DESCRIBE, SECURITY_HUB_STANDARD_KEYS } from "./config-keys";

export type { GuardDutyConfig, SecurityHubConfig, SecurityServicesConfig } from "../components/region/settings";

/** GuardDuty detector ids are 32 hexadecimal characters (aws.guardduty.Detector, "Import"). */
const detectorId = z.string().regex(/^[0-9a-f]{32}$/, { message: "is not a GuardDuty detector id" });
const accountId = z.string().regex(/^\d{12}$/, { message: "is not a 12-digit AWS account id" });
const mode = { message: "is not a mode" };

const guardDutyModes = DESCRIBE.guardDuty;
const securityHubModes = DESCRIBE.securityHub;

const services = z
    .strictObject({
        guardDuty: z.discriminatedUnion("mode", [
            z.strictObject({ mode: z.literal("manage").describe(guardDutyModes) }),
            z.strictObject({ mode: z.literal("adopt").describe(guardDutyModes), detectorId: detectorId.describe("the 32-character hexadecimal id `aws guardduty list-detectors` prints in the stack's region") }),
            z.strictObject({ mode: z.literal("delegated").describe(guardDutyModes) }),
        ], mode).describe(guardDutyModes).optional(),
        securityHub: z.discriminatedUnion("mode", [
            z.strictObject({ mode: z.literal("manage").describe(securityHubModes) }),
            z.strictObject({
                mode: z.literal("adopt").describe(securityHubModes),
                accountId: accountId.describe('the 12-digit id of the stack\'s AWS account, quoted (e.g. "012345678901"): the id the enabled hub is imported by'),
                subscribedStandards: z
                    .array(z.enum(SECURITY_HUB_STANDARD_KEYS, { message: "is not a standard of the baseline" }))
                    .describe(`a list of the baseline's standards the account has already enabled (${SECURITY_HUB_STANDARD_KEYS.join(", ")}): imported instead of subscribed`)
                    .optional(),
            }),
            z.strictObject({ mode: z.literal("delegated").describe(securityHubModes) }),
        ], mode).describe(securityHubModes).optional(),
    })
    .describe("a map with guardDuty and securityHub, each optional ({ mode: manage } when absent); in Pulumi.yaml for every stack, or in a stack file, whose map replaces the project's");

/** Who runs each service, converted to SecurityServicesConfig: an absent service is managed by the stack. */
export const securityServicesSchema = services.optional().transform(securityServicesOf);

/** The validated value with its defaults: manage for an absent service, no adopted standards. */
function securityServicesOf(raw: z.output<typeof services> | undefined): SecurityServicesConfig {
    const hub = raw?.securityHub ?? { mode: "manage" };
    return {
        guardDuty: raw?.guardDuty ?? { mode: "manage" },
        securityHub: hub.mode === "adopt" ? { ...hub, subscribedStandards: hub.subscribedStandards ?? [] } : hub,
    };
}

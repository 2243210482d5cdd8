/**
 * `bibox:securityServices`: who runs GuardDuty and Security Hub in a stack's account and region
 * (components/ops/SecurityBaseline.ts GuardDutyMode, SecurityHubMode). Pure: zod and the key catalogue.
 */
import { z } from "zod";
import type { SecurityServicesConfig } from "../components/region/settings";
import { SECURITY_HUB_STANDARD_KEYS } from "./config-keys";

export type { GuardDutyConfig, SecurityHubConfig, SecurityServicesConfig } from "../components/region/settings";

/** GuardDuty detector ids are 32 hexadecimal characters (aws.guardduty.Detector, "Import"). */
const detectorId = z.string().regex(/^[0-9a-f]{32}$/, { message: "is not a GuardDuty detector id" });
const accountId = z.string().regex(/^\d{12}$/, { message: "is not a 12-digit AWS account id" });
const mode = { message: "is not a mode" };

export const securityServicesSchema = z.strictObject({
    guardDuty: z.discriminatedUnion("mode", [
        z.strictObject({ mode: z.literal("manage") }),
        z.strictObject({ mode: z.literal("adopt"), detectorId }),
        z.strictObject({ mode: z.literal("delegated") }),
    ], mode).optional(),
    securityHub: z.discriminatedUnion("mode", [
        z.strictObject({ mode: z.literal("manage") }),
        z.strictObject({
            mode: z.literal("adopt"),
            accountId,
            subscribedStandards: z.array(z.enum(SECURITY_HUB_STANDARD_KEYS, { message: "is not a standard of the baseline" })).optional(),
        }),
        z.strictObject({ mode: z.literal("delegated") }),
    ], mode).optional(),
});


/** The validated value with its defaults: manage for an absent service, no adopted standards. */
export function securityServicesOf(raw: z.infer<typeof securityServicesSchema> | undefined): SecurityServicesConfig {
    const hub = raw?.securityHub ?? { mode: "manage" };
    return {
        guardDuty: raw?.guardDuty ?? { mode: "manage" },
        securityHub: hub.mode === "adopt" ? { ...hub, subscribedStandards: hub.subscribedStandards ?? [] } : hub,
    };
}

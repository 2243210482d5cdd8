/** The pack's identity, shared by policies/index.ts and the offline runner. */
export const PACK_NAME = "bibox";
export const PACK_DESCRIPTION = "Encryption, access and recovery guardrails for Pleasure's three-region platform.";
/** Rules without their own level are mandatory: the pack guards invariants, not taste. */
export const PACK_ENFORCEMENT = "mandatory" as const;

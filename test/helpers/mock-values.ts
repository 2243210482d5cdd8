/** What the plan's mocks answer for a resource (src/plan/mocks.ts), for tests that expect one exact value. */
import { mockKeyArn, mockKeyId } from "../../src/plan/mocks";

/** The ARN of the KMS key with logical name `logicalName` in `region`: arn:aws:kms:<region>:<account>:key/<uuid>. */
export const keyArn = (region: string, logicalName: string): string => mockKeyArn(region, logicalName);
/** The id of that key (a UUID). */
export const keyId = (region: string, logicalName: string): string => mockKeyId(region, logicalName);

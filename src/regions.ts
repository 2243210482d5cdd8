/**
 * AWS commercial regions bibox may be deployed to. A region outside this list is a typo or a
 * partition (GovCloud, China) the program was never designed for.
 */
export const AWS_REGIONS = [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
    "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1",
    "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
    "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
    "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

export function isAwsRegion(value: unknown): value is AwsRegion {
    return typeof value === "string" && (AWS_REGIONS as readonly string[]).includes(value);
}

/** True when `az` is an availability-zone name of `region` (the region plus one letter). */
export function isZoneOf(az: string, region: string): boolean {
    return az.length === region.length + 1 && az.startsWith(region) && /[a-z]$/.test(az);
}

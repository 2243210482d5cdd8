/**
 * The Pulumi program: read and validate this stack's configuration, then build its region.
 * Returns the stack outputs. src/index.ts runs it under `pulumi up`; the offline plan runs it
 * under the mock runtime.
 */
import { RegionStack } from "../components/region/RegionStack";
import { loadStackConfig, LoadOptions } from "./config";

export function runProgram(options: LoadOptions = {}) {
    const config = loadStackConfig(options);
    const region = new RegionStack("bibox", { config });
    return {
        stack: config.stack,
        region: config.region,
        role: config.role,
        vpcId: region.network.vpcId,
        vpcCidr: config.vpcCidr,
        privateSubnetIds: region.network.subnetIds.private,
        isolatedSubnetIds: region.network.subnetIds.isolated,
        publicSubnetIds: region.network.subnetIds.public,
    };
}

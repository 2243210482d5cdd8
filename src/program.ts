/**
 * The Pulumi program: read and validate this stack's configuration, then build its region.
 * Returns the stack outputs. src/index.ts runs it under `pulumi up`; the offline plan runs it
 * under the mock runtime.
 */
import * as pulumi from "@pulumi/pulumi";
import { OWNER_OUTPUTS, RegionStack } from "../components/region/RegionStack";
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
        clusterName: region.eks.clusterName,
        databaseEndpoint: region.database.endpoint,
        databaseReaderEndpoint: region.database.readerEndpoint,
        mediaBucket: region.media.bucketName,
        cacheEndpoint: region.cache.primaryEndpoint,
        cacheAuthSecretArn: region.cache.authSecretArn,
        backupVaultArn: region.backups.vaultArn,
        originHostname: region.edge.origin.hostname,
        alertTopicArn: region.observability.topicArn,
        ...(region.regionSwitch ? { regionSwitchPlanArns: region.regionSwitch.planArns } : {}),
        originAlbDnsName: region.edge.origin.albDnsName,
        // Owner only: what applications and the member stacks need from the global resources.
        ...(config.role === "owner"
            ? {
                  [OWNER_OUTPUTS.globalWriterEndpoint]: region.database.globalWriterEndpoint,
                  [OWNER_OUTPUTS.cacheGlobalReplicationGroupId]: region.cache.globalReplicationGroupId,
                  [OWNER_OUTPUTS.cacheAuthToken]: pulumi.secret(region.cache.authToken!),
                  [OWNER_OUTPUTS.acceleratorListenerArn]: region.edge.acceleratorListenerArn,
                  [OWNER_OUTPUTS.acceleratorIps]: region.edge.acceleratorIps,
                  [OWNER_OUTPUTS.originAuthToken]: pulumi.secret(region.edge.originAuthToken),
              }
            : {}),
    };
}

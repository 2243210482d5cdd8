// The only place the pack is constructed: `new PolicyPack` starts the analyzer's gRPC server.
import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_ENFORCEMENT, PACK_NAME } from "./pack";
import { policies } from "./rules";

new PolicyPack(PACK_NAME, { description: PACK_DESCRIPTION, enforcementLevel: PACK_ENFORCEMENT, policies });

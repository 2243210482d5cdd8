import { storeRule } from "./store-rule";

export const recoveryMedia = storeRule("recovery-media", "Data buckets (every S3 bucket but the plan's log sinks, tagged or not)", "S3");

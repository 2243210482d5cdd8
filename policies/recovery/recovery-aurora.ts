import { storeRule } from "./store-rule";

export const recoveryAurora = storeRule("recovery-aurora", "Aurora clusters", "Aurora");

export * from "./naming";
export * from "./network/cidr";
export * from "./network/endpoints";
export * from "./network/Network";
export * from "./network/policies";
export * from "./region/RegionStack";

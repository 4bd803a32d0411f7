export * from "./shell";
export * from "./node-scripts";
export * from "./volume-scripts";
export * from "./cluster-key";
export * from "./cloud-init";
export * from "./controller-scripts";
export * from "./ssl";
export * from "./membership-scripts";

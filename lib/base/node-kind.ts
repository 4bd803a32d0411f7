/** What a cluster node is for; it decides the node's name, roles, exposure and provisioning. */
export enum NodeKind {
  /** The core node: primary, controller and router. */
  CORE = "core",
  CONTROLLER = "controller",
  DEA = "dea",
  ROUTER = "router",
  DATA_SERVICES = "data-services",
  LOAD_BALANCER = "load-balancer",
}

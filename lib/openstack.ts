// The generated OpenStack provider bindings (L1), for stacks that need resources beyond our constructs.
// Import from "cdktf-stackato-openstack/openstack"; no `cdktf get` needed.
export * from "../.gen/providers/openstack";
export { OpenstackProvider } from "../.gen/providers/openstack/provider";
export type { OpenstackProviderConfig } from "../.gen/providers/openstack/provider";

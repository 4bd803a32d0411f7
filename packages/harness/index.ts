/**
 * The offline Terraform harness: a schema-only provider server (tfplugin6 over gRPC, from
 * provider-schemas/*.json) that Terraform reattaches to, so validate, plan and apply run on every
 * synthesized stack with no network and no provider binaries. See README.md. This is the package's one
 * entry point: the review CLI, the e2e run and the library's tests import it by the package's name.
 */
export { startHarness, harnessEnv, harnessRunning, terraformEnvFor } from "./harness";
export type { Harness, StartHarnessOptions } from "./harness";
export {
  terraformAvailable,
  runTerraform,
  validateStackDir,
  planStackDir,
  planWorkDir,
  applyStackDir,
  destroyWorkDir,
  copyStackDir,
  stripProvisioners,
  isolateState,
  allowDestroy,
  outputsOf,
  managedResourcesInState,
  initWorkDir,
  TERRAFORM,
} from "./terraform";
export { parseJsonLines } from "./terraform-output";
export type { ChangeSummary } from "./terraform-output";
export type { TerraformResult, ApplyResult, ApplyOptions, RawRun, ProviderChoice } from "./terraform";
export { validateStack, planStack, synthStackDir, stacksOf } from "./synth";
export { forceNewTable, replacePaths, FORCE_NEW_FILE } from "./force-new";
export type { ForceNewTable, ForceNewEntry, ForceNewSource, AttributePath } from "./force-new";
export {
  describeWithTerraform,
  describeWithRealProvider,
  terraformTestMode,
  SKIP_NOTICE,
  REAL_PROVIDER_SKIP_NOTICE,
} from "./jest";
export { realProviderEnv } from "./harness";
export { realOpenStackProvider, toolchainDir, toolchainTerraform } from "./toolchain";
export type { RealOpenStackProvider } from "./toolchain";
// For a fake cloud plugged in with startHarness({ hostsDir, hostsModule }): the values it sees and returns.
export { isObjectValue } from "./cty";
export type { Value, ValueObject } from "./cty";
export type { ApplyHook } from "./fake-provider";
export type { HostsCloudModule } from "./server-main";

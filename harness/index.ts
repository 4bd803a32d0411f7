/**
 * The offline Terraform harness: a schema-only provider server (tfplugin6 over gRPC, from
 * provider-schemas/*.json) that Terraform reattaches to, so validate, plan and apply run on every
 * synthesized stack with no network and no provider binaries. See harness/README.md.
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
} from "./terraform";
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

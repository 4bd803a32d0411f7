import { App } from "cdktf";
import { ClusterStack, clusterSettingsFromEnv } from "./cluster";
import { MicroCloudStack, microCloudSettingsFromEnv } from "./micro-cloud";

export * from "./micro-cloud";
export * from "./cluster";
export * from "./settings";

/** Adds every example stack to `app`; `main.ts` and the tests both use it. */
export function buildExamples(app: App, env: NodeJS.ProcessEnv = process.env): void {
  new MicroCloudStack(app, "micro-cloud", microCloudSettingsFromEnv(env));
  new ClusterStack(app, "cluster", clusterSettingsFromEnv(env));
}

import { App } from "cdktf";
import { MicroCloudStack, microCloudSettingsFromEnv } from "./micro-cloud";

export * from "./micro-cloud";

/** Adds every example stack to `app`; `main.ts` and the tests both use it. */
export function buildExamples(app: App, env: NodeJS.ProcessEnv = process.env): void {
  new MicroCloudStack(app, "micro-cloud", microCloudSettingsFromEnv(env));
}

/** What every scenario gets, and a way to collect several failed expectations before failing. */
import { Stacks } from "./tf";

export interface Context {
  readonly simDir: string;
  /** TF_REATTACH_PROVIDERS and friends: the harness in hosts mode. */
  readonly tfEnv: Record<string, string>;
  readonly stacks: Stacks;
  /** Facts one scenario leaves for later ones (e.g. the first apply's outcome). */
  readonly notes: Record<string, unknown>;
}

export interface Scenario {
  readonly id: number;
  readonly title: string;
  /** Needs the cluster that scenario 1 applies; not run (and failed) when that apply failed. */
  readonly needsCluster?: boolean;
  run(ctx: Context): Promise<void>;
}

/** Collects failed expectations; `done()` throws them all at once. */
export class Expectations {
  private readonly failures: string[] = [];

  that(condition: boolean, message: string): boolean {
    if (!condition) this.failures.push(message);
    return condition;
  }

  equal<T>(actual: T, expected: T, message: string): boolean {
    const ok = JSON.stringify(actual) === JSON.stringify(expected);
    if (!ok) this.failures.push(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    return ok;
  }

  done(): void {
    if (this.failures.length > 0) throw new Error(this.failures.join("\n"));
  }
}

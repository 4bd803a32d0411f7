import { SSHProvisionerConnection } from "cdktf";
import { StackatoNode } from "../compute/node";
import { ProvisionStep } from "./provision-step";

/** What a volume needs from its cluster to provision itself, once the cluster's layout is final. */
export interface ProvisioningContext {
  /** The ssh connection for a node (through the bastion when it has no floating IP). */
  connectionTo(node: StackatoNode): SSHProvisionerConnection;
  /** The core node and the step that set it up; everything else waits for it. */
  readonly core: StackatoNode;
  readonly coreSetup: ProvisionStep;
  /** Stackato release, e.g. "3.6.2"; features differ by version. */
  readonly stackatoVersion: string;
}

/** Compares dotted versions numerically: versionAtLeast("3.6.2", "3.2") is true. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split(".").map(Number);
  const b = minimum.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff > 0;
  }
  return true;
}

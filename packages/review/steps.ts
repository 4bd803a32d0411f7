/**
 * The provisioning steps of a stack (its `null_resource`s) in the order Terraform can run them,
 * each with the node it runs on, what it waits for, its inputs and its own commands, secrets masked.
 */
import { PRELUDE } from "./prelude";
import { escapeTemplate, unescapeTemplate } from "./template-text";
import { describeValue } from "./cluster-model";
import { maskSecrets, SECRET_MASK } from "./secrets";
import {
  asArray,
  asObject,
  asString,
  displayPath,
  Json,
  referencesIn,
  ResourceConfig,
  StackConfig,
} from "./stack-config";
import { naturalCompare } from "./order";

export interface StepView {
  readonly address: string;
  /** Construct path without the trailing `/Resource`, e.g. `Cluster/Deas/Node1/Attach`. */
  readonly label: string;
  /** The node's server name, or `local` for steps that run where Terraform runs. */
  readonly node: string;
  /**
   * 1 for steps that wait for no other step, else one more than the latest step they wait for.
   * Steps with the same number may run at the same time.
   */
  readonly wave: number;
  readonly waitsFor: string[];
  /** Trigger name -> value as a reviewer reads it; a change of any of them re-runs the step. */
  readonly inputs: Record<string, string>;
  readonly uploads: string[];
  readonly commands: string[];
}

const PRELUDE_IN_JSON = escapeTemplate(PRELUDE);
/** Triggers every step has; they say which instance and which script, not what the step does. */
const BOOKKEEPING_TRIGGERS = new Set(["instance_id", "script_sha256"]);

export function provisioningSteps(stack: StackConfig): StepView[] {
  const steps = [...stack.resources.values()].filter((r) => r.type === "null_resource" && r.mode === "managed");
  const stepAddresses = new Set(steps.map((s) => s.address));
  const waitsFor = new Map<string, string[]>(
    steps.map((s) => [
      s.address,
      [
        ...new Set([
          ...asArray(s.body.depends_on).map((d) => asString(d) ?? ""),
          ...referencesIn(s.body.triggers, stack.resources),
        ]),
      ]
        .filter((d) => stepAddresses.has(d) && d !== s.address)
        .sort(),
    ]),
  );
  const waves = new Map<string, number>();
  const waveOf = (address: string, visiting: Set<string>): number => {
    const known = waves.get(address);
    if (known !== undefined) return known;
    // A cycle cannot pass terraform validate; count it once rather than recurse forever.
    if (visiting.has(address)) return 1;
    visiting.add(address);
    const wave = 1 + Math.max(0, ...waitsFor.get(address)!.map((d) => waveOf(d, visiting)));
    waves.set(address, wave);
    return wave;
  };
  const label = (s: ResourceConfig) => displayPath(s).replace(/\/Resource$/, "");
  const labels = new Map(steps.map((s) => [s.address, label(s)]));
  return steps
    .map((step) => ({
      address: step.address,
      label: labels.get(step.address)!,
      node: nodeOf(step, stack),
      wave: waveOf(step.address, new Set()),
      waitsFor: waitsFor.get(step.address)!.map((d) => labels.get(d)!),
      inputs: inputsOf(step, stack),
      uploads: uploadsOf(step, stack),
      commands: commandsOf(step, stack),
    }))
    .sort((a, b) => a.wave - b.wave || naturalCompare(a.node, b.node) || naturalCompare(a.label, b.label));
}

function nodeOf(step: ResourceConfig, stack: StackConfig): string {
  const instance = referencesIn(asObject(step.body.triggers).instance_id, stack.resources)[0];
  if (!instance) return "local";
  return asString(stack.resources.get(instance)?.body.name) ?? instance;
}

function inputsOf(step: ResourceConfig, stack: StackConfig): Record<string, string> {
  const triggers = asObject(step.body.triggers);
  const inputs: Record<string, string> = {};
  for (const name of Object.keys(triggers).sort()) {
    if (BOOKKEEPING_TRIGGERS.has(name)) continue;
    // Secret params reach the triggers as a hash only (see ProvisionStep); a hash is still not for display.
    inputs[name] = name.endsWith("_sha256") ? SECRET_MASK : maskSecrets(describeValue(triggers[name], stack), stack);
  }
  return inputs;
}

function provisioners(step: ResourceConfig): Array<[string, Record<string, Json>]> {
  return asArray(step.body.provisioner).flatMap((p) =>
    Object.entries(asObject(p)).map(([kind, body]) => [kind, asObject(body)] as [string, Record<string, Json>]),
  );
}

function uploadsOf(step: ResourceConfig, stack: StackConfig): string[] {
  return provisioners(step)
    .filter(([kind]) => kind === "file")
    .map(([, body]) => {
      // A relative destination is in the login user's home: scp starts there.
      const given = asString(body.destination);
      const destination = given === undefined ? "?" : given.startsWith("/") ? given : `~/${given}`;
      // Uploaded content is how secrets travel (a 0700 file the script reads and removes): never shown.
      if (body.content !== undefined) return `${destination} ← ${SECRET_MASK} (content)`;
      return `${destination} ← ${maskSecrets(asString(body.source) ?? "?", stack)}`;
    });
}

function commandsOf(step: ResourceConfig, stack: StackConfig): string[] {
  return provisioners(step).flatMap(([kind, body]) => {
    if (kind === "local-exec") return [maskSecrets(unescapeTemplate(asString(body.command) ?? ""), stack)];
    if (kind !== "remote-exec") return [];
    return asArray(body.inline).map((line) => maskSecrets(ownCommands(asString(line) ?? ""), stack));
  });
}

/**
 * A generated script without its header and the shared prelude: what this step does. A script
 * from another release of the library, whose prelude differs, is shown whole.
 */
function ownCommands(script: string): string {
  const at = script.indexOf(PRELUDE_IN_JSON);
  const own = at < 0 ? script : script.slice(at + PRELUDE_IN_JSON.length);
  return unescapeTemplate(own).replace(/^\n+/, "").replace(/\n+$/, "");
}

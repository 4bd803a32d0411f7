import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { OpenstackProvider } from "../../lib/openstack";

export type TfResource = Record<string, any>;

/** A synthesized stack, parsed, with small helpers to pick resources without the "//" metadata. */
export class Synthesized {
  constructor(readonly json: Record<string, any>) {}

  resources(type: string): TfResource[] {
    return Object.values(this.json.resource?.[type] ?? {}).map(stripMetadata);
  }

  dataSources(type: string): TfResource[] {
    return Object.values(this.json.data?.[type] ?? {}).map(stripMetadata);
  }

  /** The one resource of `type` whose path ends with `pathSuffix`. */
  resource(type: string, pathSuffix: string): TfResource {
    const found = Object.values(this.json.resource?.[type] ?? {}).filter((r: any) =>
      String(r["//"]?.metadata?.path ?? "").endsWith(pathSuffix),
    );
    if (found.length !== 1) throw new Error(`expected one ${type} at */${pathSuffix}, found ${found.length}`);
    return stripMetadata(found[0]);
  }

  /** `type.logicalId` of the one resource whose path ends with `pathSuffix`, as used in references. */
  address(type: string, pathSuffix: string): string {
    const entry = Object.entries(this.json.resource?.[type] ?? {}).find(([, r]: [string, any]) =>
      String(r["//"]?.metadata?.path ?? "").endsWith(pathSuffix),
    );
    if (!entry) throw new Error(`no ${type} at */${pathSuffix}`);
    return `${type}.${entry[0]}`;
  }

  outputs(): Record<string, any> {
    return this.json.output ?? {};
  }
}

function stripMetadata(resource: any): TfResource {
  const { ["//"]: _metadata, ...rest } = resource;
  return rest;
}

const recorded: string[] = [];

/**
 * Synthesizes `stack` with its validations, remembers the JSON for `terraform validate` after the
 * test file (see validate-built-stacks.ts), and returns it parsed.
 */
export function recordStack(stack: TerraformStack): Synthesized {
  Testing.synth(stack, true); // runs the validations
  // toTerraform() keeps the "//" metadata (construct paths) that Testing.synth strips.
  const json = JSON.stringify(stack.toTerraform(), null, 2);
  recorded.push(json);
  return new Synthesized(JSON.parse(json));
}

/** The stacks recorded since the last call. */
export function takeRecordedStacks(): string[] {
  return recorded.splice(0, recorded.length);
}

/** A stack with the OpenStack provider, built by `build`, then synthesized (validations run). */
export function synthStack(build: (stack: TerraformStack) => void): Synthesized {
  const stack = newStack();
  build(stack);
  return recordStack(stack);
}

export function newStack(app: App = Testing.app()): TerraformStack {
  const stack = new TerraformStack(app, "test");
  new OpenstackProvider(stack, "openstack", {});
  return stack;
}

/** The validation errors synth reports for the tree `build` makes (empty when it synthesizes). */
export function synthErrors(build: (scope: Construct) => void): string {
  try {
    synthStack(build);
    return "";
  } catch (err) {
    return String((err as Error).message);
  }
}

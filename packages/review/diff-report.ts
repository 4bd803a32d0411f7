/**
 * The report on a base → head change of one stack: counts, blocking destroys and warnings first,
 * then exposure changes, replacements and provisioning re-runs, then every resource change.
 */
import { buildModel, IngressRow } from "./cluster-model";
import { ResourceChange, STATEFUL_TYPES } from "./diff";
import { movesBetween } from "./moves";
import { ClusterChanges, clusterChanges } from "./cluster-changes";
import { ConstructMoveGuess, guessConstructMoves } from "./moved-constructs";
import { cell, code, details, plural, table } from "./markdown";
import { EXPOSURE_HEADERS, exposureRows, ReportParts, stepDetails, summarizeNames } from "./report";
import { provisioningSteps } from "./steps";
import { StackConfig } from "./stack-config";
import { naturalCompare } from "./order";

export interface StackVerdict {
  readonly parts: ReportParts;
  readonly hasChanges: boolean;
  readonly destroys: number;
  /** Reasons the change must not merge as it is (a protected volume destroyed). */
  readonly blocking: string[];
}

export function diffReport(
  name: string,
  base: StackConfig | undefined,
  head: StackConfig | undefined,
  changes: ResourceChange[],
  allowDestroy: boolean,
): StackVerdict {
  const count = (action: ResourceChange["action"]) => changes.filter((c) => c.action === action).length;
  const planned = changes.filter((c) => !c.provisionersOnly);
  const destroying = changes.filter((c) => c.action === "delete" || c.action === "replace");
  const blocking = destroying
    .filter((c) => c.preventDestroy && c.type === "openstack_blockstorage_volume_v3")
    .map(
      (c) =>
        `${code(c.address)} would be ${c.action === "delete" ? "destroyed" : "replaced"}, and it has prevent_destroy`,
    );
  const summary: string[] = [];
  const headline =
    planned.length === 0
      ? "no changes"
      : [
          `${count("create")} to add`,
          `${count("update") - changes.filter((c) => c.provisionersOnly).length} to change`,
          `${count("replace")} to replace`,
          `${count("delete")} to destroy`,
        ].join(", ");
  summary.push(`## Stack ${code(name)}: ${headline}\n`);
  if (!base) summary.push("The stack is new: everything in it is created.\n");
  if (!head) summary.push("The stack is gone from head: everything in it is destroyed.\n");
  if (planned.length === 0) summary.push("No resource changes: Terraform would have nothing to do for this stack.\n");
  if (blocking.length > 0) {
    const note = allowDestroy
      ? "allowed by `--allow-destroy`"
      : "the review fails; pass `--allow-destroy` if this is meant";
    summary.push(
      `> [!CAUTION]\n> **Destroys protected data** (${note}):\n${blocking.map((b) => `> - ${b}`).join("\n")}\n`,
    );
  }
  const moves = movesBetween(base, head);
  if (moves.length > 0) {
    summary.push(
      `> [!NOTE]\n> **Moved** by \`moved\` blocks: Terraform keeps ${moves.length === 1 ? "this object" : "these objects"} and only changes the address, so nothing is destroyed:\n${moves.map((m) => `> - ${code(m.from)} → ${code(m.to)}`).join("\n")}\n`,
    );
  }
  const cluster = base && head ? clusterChanges(base, head, changes) : undefined;
  if (cluster && cluster.cautions.length > 0) {
    summary.push(
      `> [!CAUTION]\n> **A running node would leave the cluster**:\n${cluster.cautions.map((c) => `> - ${c}`).join("\n")}\n`,
    );
  }
  const warnings = statefulWarnings(destroying, changes, cluster);
  if (warnings.length > 0) summary.push(`> [!WARNING]\n${warnings.map((w) => `> - ${w}`).join("\n")}\n`);
  if (cluster && cluster.lines.length > 0) {
    summary.push(`### What this does to the cluster\n\n${cluster.lines.map((l) => `- ${l}`).join("\n")}\n`);
  }
  summary.push(exposureChanges(base, head));
  const replaced = changes.filter((c) => c.action === "replace" && c.type !== "null_resource");
  if (replaced.length > 0) {
    const rows = replaced.map((c) => [
      code(c.address),
      cell(
        c.changes
          .filter((x) => x.forces === "replace")
          .map(describeChange)
          .join("; "),
      ),
    ]);
    summary.push(`### Replacements\n\n${table(["Resource", "Forced by"], rows)}`);
  }
  const conditional = changes.filter((c) => c.action === "update" && c.changes.some((x) => x.forces === "conditional"));
  if (conditional.length > 0) {
    const rows = conditional.flatMap((c) =>
      c.changes
        .filter((x) => x.forces === "conditional")
        .map((x) => [code(c.address), cell(describeChange(x)), cell(x.note ?? "")]),
    );
    summary.push(`### Updated in place, replaced only if…\n\n${table(["Resource", "Change", "Replaced when"], rows)}`);
  }
  const steps = stepRuns(head, changes);
  if (steps.summary) summary.push(steps.summary);
  const detailParts = [
    {
      title: `resource changes of ${name}`,
      text: changes.length > 0 ? details(`Resource changes (${changes.length})`, resourceTable(changes)) : "",
    },
    ...steps.details,
  ].filter((p) => p.text !== "");
  return {
    parts: { summary, details: detailParts },
    hasChanges: planned.length > 0,
    destroys: destroying.length,
    blocking,
  };
}

/**
 * One warning per destroyed stateful resource, except: a node's server that leaves the cluster on
 * purpose says so (no "if it only moved"); the resources of a construct that looks moved get one
 * verdict for the construct when two or more of them are stateful.
 */
function statefulWarnings(
  destroying: ResourceChange[],
  changes: ResourceChange[],
  cluster: ClusterChanges | undefined,
): string[] {
  const stateful = destroying.filter((c) => STATEFUL_TYPES.has(c.type));
  const moves = guessConstructMoves(changes);
  const moveOf = new Map<string, ConstructMoveGuess>();
  for (const move of moves) for (const d of move.deleted) moveOf.set(d.address, move);
  const told = new Set<ConstructMoveGuess>();
  const warnings: string[] = [];
  for (const c of stateful) {
    const leaver = cluster?.leaving.get(c.address);
    if (leaver !== undefined && c.action === "delete") {
      warnings.push(
        `${code(c.address)} (${c.label}) will be **destroyed**: ${code(leaver)} leaves the cluster on purpose, after its removal (see "What this does to the cluster").`,
      );
      continue;
    }
    const formerFrontDoor = cluster?.leavingFrontDoor.get(c.address);
    if (formerFrontDoor !== undefined && c.action === "delete") {
      warnings.push(
        `${code(c.address)} (${c.label}) will be **destroyed**: ${code(formerFrontDoor)} is no longer part of the front door (the cluster's \`frontend\`), so its floating IP goes back to the pool; DNS records that point at it must move to the new front door. To keep an address, reserve it and give it to the new front door (\`floatingIp\`/\`floatingIps\`).`,
      );
      continue;
    }
    const move = c.action === "delete" ? moveOf.get(c.address) : undefined;
    const statefulInMove = move ? move.deleted.filter((d) => STATEFUL_TYPES.has(d.type)) : [];
    if (move && statefulInMove.length > 1) {
      if (!told.has(move)) warnings.push(movedConstructWarning(move, statefulInMove));
      told.add(move);
      continue;
    }
    warnings.push(statefulWarning(c, changes));
  }
  return warnings;
}

function movedConstructWarning(move: ConstructMoveGuess, stateful: ResourceChange[]): string {
  const [first, ...others] = stateful;
  return (
    `${code(first.address)} (${first.label}) will be **destroyed**, with every other resource under construct ${code(move.from)} ` +
    `(${move.deleted.length} in all; stateful too: ${others.map((o) => code(o.address)).join(", ")}), because construct ${code(move.from)} looks moved or renamed to ${code(move.to)}. ` +
    `Keep its old id and place, or move its state: \`ConstructMove.fromPath(<the construct>, "${move.from}")\` adds a Terraform \`moved\` block for each resource under it.`
  );
}

function statefulWarning(c: ResourceChange, changes: ResourceChange[]): string {
  const verb = c.action === "delete" ? "**destroyed**" : "**replaced** (destroyed, then created anew)";
  const renamedTo = changes.find((x) => x.renamedFrom === c.address);
  const why =
    c.action === "replace"
      ? ` because ${c.changes
          .filter((x) => x.forces === "replace")
          .map((x) => code(x.path))
          .join(", ")} changed`
      : "";
  const fix = renamedTo
    ? ` It looks renamed to ${code(renamedTo.address)} (construct ${code(renamedTo.label)}): keep the old construct id, or move the state with \`moveFromId("${c.address}")\` on the new resource (a Terraform \`moved\` block).`
    : c.action === "delete"
      ? " If the construct only moved or was renamed, keep its id, or move the state with `moveFromId` (a Terraform `moved` block)."
      : "";
  return `${code(c.address)} (${c.label}) will be ${verb}${why}.${fix}`;
}

function describeChange(c: { path: string; before?: string; after?: string }): string {
  const show = (v: string | undefined) => (v === undefined ? "(none)" : v.length > 80 ? `${v.slice(0, 77)}…` : v);
  return `${c.path}: ${show(c.before)} → ${show(c.after)}`;
}

function resourceTable(changes: ResourceChange[]): string {
  const order: Record<string, number> = { delete: 0, replace: 1, update: 2, create: 3 };
  const rows = [...changes]
    .sort((a, b) => order[a.action] - order[b.action] || naturalCompare(a.address, b.address))
    .map((c) => [
      ACTION_LABEL[c.action],
      code(c.address),
      cell(
        c.provisionersOnly
          ? "provisioner or connection text only: Terraform does nothing until the resource is next created"
          : c.renamedFrom
            ? `same configuration as removed ${c.renamedFrom}`
            : (c.movedFrom ? `moved from ${c.movedFrom}\n` : "") +
              (c.changes
                .map((x) => describeChange(x) + (x.forces === "replace" ? " (forces replacement)" : ""))
                .join("\n") || "-"),
      ),
    ]);
  return table(["Action", "Address", "Changes"], rows);
}

const ACTION_LABEL: Record<ResourceChange["action"], string> = {
  create: "➕ create",
  update: "🔄 update",
  replace: "♻️ replace",
  delete: "🗑️ destroy",
};

function exposureChanges(base: StackConfig | undefined, head: StackConfig | undefined): string {
  const before = base ? buildModel(base).ingress : [];
  const after = head ? buildModel(head).ingress : [];
  const key = (r: IngressRow) => `${r.group}|${r.protocol}|${r.ports}|${r.cidr}`;
  const scope = (r: IngressRow) => `${r.group}|${r.protocol}|${r.ports}`;
  const prefix = (cidr: string) => Number(cidr.split("/")[1] ?? (cidr.includes(":") ? 128 : 32));
  const rows: string[][] = [];
  for (const r of after) {
    const old = before.find((b) => key(b) === key(r));
    if (!old) {
      const narrower = before.find(
        (b) => scope(b) === scope(r) && prefix(b.cidr) > prefix(r.cidr) && !after.some((a) => key(a) === key(b)),
      );
      rows.push([narrower ? `widened from ${code(narrower.cidr)}` : "new", ...exposureRows([r])[0]]);
    } else {
      const reached = r.nodes.filter((n) => !old.nodes.includes(n));
      if (reached.length > 0) rows.push([`now also reaches ${cell(summarizeNames(reached))}`, ...exposureRows([r])[0]]);
    }
  }
  for (const r of before) if (!after.some((a) => key(a) === key(r))) rows.push(["removed", ...exposureRows([r])[0]]);
  if (rows.length === 0) return "### Exposure changes\n\nNone: the same CIDRs reach the same nodes.\n";
  rows.sort(
    (a, b) => Number(b[1] !== "") - Number(a[1] !== "") || Number(a[0] === "removed") - Number(b[0] === "removed"),
  );
  return `### Exposure changes\n\n${table(["Change", ...EXPOSURE_HEADERS], rows)}`;
}

function stepRuns(
  head: StackConfig | undefined,
  changes: ResourceChange[],
): { summary?: string; details: Array<{ title: string; text: string }> } {
  if (!head) return { details: [] };
  const byAddress = new Map(changes.map((c) => [c.address, c]));
  const steps = provisioningSteps(head);
  const runs = steps.filter((s) => ["create", "replace"].includes(byAddress.get(s.address)?.action ?? ""));
  const silent = steps.filter((s) => byAddress.get(s.address)?.provisionersOnly);
  const why = (address: string) => {
    const c = byAddress.get(address)!;
    if (c.action === "create") return "new step";
    return `re-runs: ${c.changes.map((x) => code(x.path.replace(/^triggers\./, ""))).join(", ")} changed`;
  };
  const rerunOnExisting = runs.filter((s) => byAddress.get(s.address)!.action === "replace").length;
  const lines = [
    `### Provisioning\n`,
    runs.length === 0
      ? "No step runs: every existing step keeps its inputs and commands.\n"
      : `${plural(runs.length, "step")} will run: ${runs.length - rerunOnExisting} new, ${rerunOnExisting} re-run${rerunOnExisting === 1 ? "s" : ""} on existing resources.\n`,
  ];
  if (runs.length > 0) {
    lines.push(
      table(
        ["#", "Node", "Step", "Why"],
        runs.map((s) => [String(s.wave), code(s.node), cell(s.label), why(s.address)]),
      ),
    );
  }
  if (silent.length > 0) {
    lines.push(
      `> [!NOTE]\n> ${plural(silent.length, "step")} changed only in provisioner or connection text, which no trigger covers, so ${silent.length === 1 ? "it does" : "they do"} not re-run on existing nodes: ${silent.map((s) => code(s.label)).join(", ")}.\n`,
    );
  }
  const perStep = runs.map(stepDetails).join("\n");
  return {
    summary: lines.join("\n"),
    details:
      runs.length > 0
        ? [
            {
              title: "commands of the steps that run",
              text: details(`Commands of the steps that run (${runs.length})`, perStep),
            },
          ]
        : [],
  };
}

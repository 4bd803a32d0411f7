/**
 * The report on one synthesized stack: what it creates, what the internet reaches, the nodes and
 * volumes, the topology, and what runs on the machines. Summary parts first, long parts after.
 */
import { buildModel, IngressRow, NodeView, StackModel } from "./cluster-model";
import { cell, code, details, fenced, plural, table } from "./markdown";
import { topology } from "./mermaid";
import { provisioningSteps, StepView } from "./steps";
import { StackConfig } from "./stack-config";
import { naturalCompare } from "./order";

export interface ReportParts {
  readonly summary: string[];
  readonly details: Array<{ title: string; text: string }>;
}

export function stackReport(stack: StackConfig, headingLevel = 2): ReportParts {
  const model = buildModel(stack);
  const steps = provisioningSteps(stack);
  const h = "#".repeat(headingLevel);
  const managed = [...stack.resources.values()].filter((r) => r.mode === "managed");
  const publicRules = model.ingress.filter((r) => r.isPublic).length;
  const protectedVolumes = model.volumes.filter((v) => v.preventDestroy).length;
  const summary = [
    `${h} Stack ${code(stack.name)}\n`,
    [
      `**${plural(managed.length, "resource")}**`,
      plural(model.nodes.length, "node"),
      `${plural(model.volumes.length, "volume")} (${protectedVolumes} protected)`,
      plural(publicRules, "public ingress rule"),
      plural(steps.length, "provisioning step"),
    ].join(" · ") + "\n",
    exposureSection(model.ingress, model.internalRuleCount, `${h}#`),
    rolesSection(model.nodes, `${h}#`),
    volumesSection(model, `${h}#`),
    `${h}# Topology\n\n${fenced("mermaid", topology(model))}`,
    details(`Resources by type (${managed.length})`, resourceTypes(stack)),
  ];
  return {
    summary,
    details: [
      {
        title: `nodes of ${stack.name}`,
        text: details(`Nodes of ${code(stack.name)} (${model.nodes.length})`, nodesTable(model.nodes)),
      },
      { title: `provisioning steps of ${stack.name}`, text: stepsSection(steps, stack.name) },
    ],
  };
}

function resourceTypes(stack: StackConfig): string {
  const counts = new Map<string, number>();
  for (const r of stack.resources.values()) {
    if (r.mode === "managed") counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  }
  const rows = [...counts.entries()].sort(([a], [b]) => naturalCompare(a, b)).map(([t, n]) => [code(t), String(n)]);
  return table(["Type", "Count"], rows);
}

export function exposureRows(rules: IngressRow[]): string[][] {
  return rules.map((r) => [
    r.isPublic ? "🌐 **public**" : "",
    r.protocol,
    r.ports,
    code(r.cidr),
    cell(r.group),
    cell(summarizeNames(r.nodes)),
  ]);
}

export const EXPOSURE_HEADERS = ["", "Protocol", "Ports", "CIDR", "Group", "Nodes"];

function exposureSection(rules: IngressRow[], internal: number, h: string): string {
  const text = rules.length === 0 ? "No ingress rule admits a CIDR.\n" : table(EXPOSURE_HEADERS, exposureRows(rules));
  const note =
    internal > 0 ? `\n${plural(internal, "group-to-group rule")} between the stack's own groups not listed.\n` : "";
  return `${h} Exposure\n\n${text}${note}`;
}

function rolesSection(nodes: NodeView[], h: string): string {
  const roles = [...new Set(nodes.map((n) => n.roles))].sort();
  const rows = roles.map((role) => {
    const members = nodes.filter((n) => n.roles === role);
    const distinct = (pick: (n: NodeView) => string) => [...new Set(members.map(pick))].sort().join(", ");
    return [
      cell(role),
      String(members.length),
      cell(distinct((n) => n.flavor)),
      cell(distinct((n) => n.image)),
      cell(distinct((n) => n.groups.join(" + "))),
      cell(
        members
          .filter((n) => n.floatingIp)
          .map((n) => `${n.name}: ${n.floatingIp}`)
          .join(", ") || "-",
      ),
    ];
  });
  return `${h} Nodes by role\n\n${table(["Roles", "Nodes", "Flavor", "Image", "Groups", "Floating IP"], rows) || "No nodes.\n"}`;
}

function volumesSection(model: StackModel, h: string): string {
  const rows = model.volumes.map((v) => [
    cell(v.name),
    `${v.sizeGb} GB`,
    cell(v.attachedTo.join(", ") || "-"),
    v.preventDestroy ? "🔒 prevent_destroy" : "⚠️ none",
  ]);
  const sshfs = model.mounts.map(
    (m) => `- ${code(m.from)} mounts ${code(m.to)}'s share at ${code(m.mountPoint)} (sshfs)`,
  );
  const text = table(["Volume", "Size", "Attached to", "Destroy protection"], rows) || "No volumes.\n";
  return `${h} Volumes\n\n${text}${sshfs.length > 0 ? `\n${sshfs.join("\n")}\n` : ""}`;
}

function nodesTable(nodes: NodeView[]): string {
  const rows = nodes.map((n) => [
    code(n.name),
    cell(n.roles),
    cell(n.flavor),
    cell(n.image),
    cell(n.groups.join(", ")),
    cell(n.floatingIp ?? "-"),
  ]);
  return table(["Node", "Roles", "Flavor", "Image", "Groups", "Floating IP"], rows) || "No nodes.\n";
}

function stepsSection(steps: StepView[], stackName: string): string {
  if (steps.length === 0) return "";
  const overview = table(
    ["#", "Node", "Step", "Waits for"],
    steps.map((s) => [String(s.wave), code(s.node), cell(s.label), cell(s.waitsFor.join(", ") || "-")]),
  );
  const perStep = steps.map(stepDetails).join("\n");
  return details(
    `Provisioning steps of ${code(stackName)} (${steps.length}), in the order they can run`,
    `Steps with the same number may run at the same time. A step re-runs when one of its inputs, or its own commands, change.\n\n${overview}\n${perStep}`,
  );
}

/** One step, folded: its wave, node and label, then its inputs, uploads and commands. */
export function stepDetails(step: StepView): string {
  return details(`${step.wave}. ${code(step.node)} ${cell(step.label)}`, stepBody(step));
}

function stepBody(step: StepView): string {
  const inputs = Object.entries(step.inputs).map(([k, v]) => `- ${code(k)}: ${code(v)}`);
  const uploads = step.uploads.map((u) => `- upload ${code(u)}`);
  return [
    inputs.length > 0 ? `Inputs:\n${inputs.join("\n")}\n` : "",
    uploads.length > 0 ? `Files:\n${uploads.join("\n")}\n` : "",
    ...step.commands.map((c) => fenced("bash", c)),
  ]
    .filter((p) => p !== "")
    .join("\n");
}

/** `a, b, c` for a few names; `a … z (N)` for many, so a 2,000-DEA rule stays one line. */
export function summarizeNames(names: string[]): string {
  if (names.length <= 6) return names.join(", ") || "-";
  return `${names.slice(0, 3).join(", ")} … ${names[names.length - 1]} (${names.length})`;
}

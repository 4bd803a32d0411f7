/**
 * The stack's topology as a Mermaid flowchart, which GitHub draws in a comment: nodes grouped by
 * role, the security groups that expose them, volumes and the Controllers' sshfs mounts.
 */
import { StackModel } from "./cluster-model";
import { naturalCompare } from "./order";

const COLLAPSE_ROLE_ABOVE = 6;

export function topology(model: StackModel): string {
  const ids = new IdMaker();
  const lines = ["flowchart LR"];
  const byRole = new Map<string, string[]>();
  for (const node of model.nodes) byRole.set(node.roles, [...(byRole.get(node.roles) ?? []), node.name]);
  for (const role of [...byRole.keys()].sort()) {
    lines.push(`  subgraph ${ids.of(`role:${role}`)}[${label(role)}]`);
    const names = byRole.get(role)!;
    if (names.length > COLLAPSE_ROLE_ABOVE) {
      // One box for a large role keeps a 2,000-DEA diagram readable (and under Mermaid's edge limit).
      const id = ids.of(`node:${names[0]}`);
      for (const name of names) ids.alias(`node:${name}`, id);
      const flavors = [...new Set(model.nodes.filter((n) => n.roles === role).map((n) => n.flavor))].sort().join(", ");
      lines.push(`    ${id}[${label(`${names[0]} … ${names[names.length - 1]}\n${names.length} nodes, ${flavors}`)}]`);
    } else {
      for (const name of names) {
        const node = model.nodes.find((n) => n.name === name)!;
        lines.push(`    ${ids.of(`node:${name}`)}[${label(`${name}\n${node.flavor}`)}]`);
      }
    }
    lines.push("  end");
  }
  const publicRules = model.ingress.filter((r) => r.isPublic);
  if (model.ingress.length > 0) lines.push(`  ${ids.of("internet")}((${label("Internet")}))`);
  for (const group of model.groups) {
    const rules = model.ingress.filter((r) => r.group === group.name);
    if (rules.length === 0) continue;
    lines.push(`  ${ids.of(`group:${group.name}`)}{{${label(group.name)}}}`);
    const open = [...new Set(rules.map((r) => `${r.protocol} ${r.ports}${r.isPublic ? "" : ` from ${r.cidr}`}`))];
    const arrow = rules.some((r) => publicRules.includes(r)) ? "==>" : "-->";
    lines.push(`  ${ids.of("internet")} ${arrow}|${label(open.join(", "))}| ${ids.of(`group:${group.name}`)}`);
    for (const name of [...new Set(rules.flatMap((r) => r.nodes))].sort(naturalCompare)) {
      lines.push(`  ${ids.of(`group:${group.name}`)} --> ${ids.of(`node:${name}`)}`);
    }
  }
  for (const volume of model.volumes) {
    lines.push(`  ${ids.of(`volume:${volume.address}`)}[(${label(`${volume.name}\n${volume.sizeGb} GB`)})]`);
    for (const node of volume.attachedTo) {
      if (ids.has(`node:${node}`)) lines.push(`  ${ids.of(`volume:${volume.address}`)} --- ${ids.of(`node:${node}`)}`);
    }
  }
  for (const mount of model.mounts) {
    if (ids.has(`node:${mount.from}`) && ids.has(`node:${mount.to}`)) {
      lines.push(
        `  ${ids.of(`node:${mount.from}`)} -.->|${label(`sshfs ${mount.mountPoint}`)}| ${ids.of(`node:${mount.to}`)}`,
      );
    }
  }
  // Collapsed roles repeat edges; subgraph `end` lines must stay.
  return lines.filter((line, i) => !/--|==>/.test(line) || lines.indexOf(line) === i).join("\n");
}

/** Mermaid ids are plain words; names of nodes and groups may hold anything, so map each to n1, n2, ... */
class IdMaker {
  private readonly ids = new Map<string, string>();
  of(key: string): string {
    let id = this.ids.get(key);
    if (!id) {
      id = `n${this.ids.size + 1}`;
      this.ids.set(key, id);
    }
    return id;
  }
  alias(key: string, id: string): void {
    this.ids.set(key, id);
  }
  has(key: string): boolean {
    return this.ids.has(key);
  }
}

/** A quoted Mermaid label: `#` and quotes become Mermaid's entity codes, newlines line breaks. */
function label(text: string): string {
  const escaped = text.replace(/#/g, "#35;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
  return `"${escaped.replace(/\n/g, "<br/>")}"`;
}

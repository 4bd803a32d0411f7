/** The head report: deterministic, masked, cut below GitHub's limit, and with diagrams mermaid accepts. */
import { execFileSync } from "child_process";
import * as path from "path";
import { GITHUB_COMMENT_LIMIT } from "cdktf-stackato-openstack-review/markdown";
import { stackReport } from "cdktf-stackato-openstack-review/report";
import { review } from "cdktf-stackato-openstack-review/review";
import { SECRET_MASK } from "cdktf-stackato-openstack-review/secrets";
import { parseStack } from "cdktf-stackato-openstack-review/stack-config";
import { synthClusterVariant, synthExamples } from "../support/review-pairs";

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]);
}

/** mermaid's own parser, in a child process: mermaid is ESM and wants a DOM (see mermaid-parse.mjs). */
function parseWithMermaid(diagrams: string[]): Array<{ ok: boolean; type?: string; error?: string }> {
  const script = path.join(__dirname, "..", "support", "mermaid-parse.mjs");
  return JSON.parse(execFileSync(process.execPath, [script], { input: JSON.stringify(diagrams), encoding: "utf8" }));
}

function balanced(markdown: string): void {
  expect((markdown.match(/<details>/g) ?? []).length).toBe((markdown.match(/<\/details>/g) ?? []).length);
  expect((markdown.match(/^```/gm) ?? []).length % 2).toBe(0);
}

describe("determinism", () => {
  test("two synths in different folders give the same report, byte for byte", () => {
    const first = review({ head: synthExamples() }).markdown;
    const second = review({ head: synthExamples() }).markdown;
    expect(second).toBe(first);
    expect(first).not.toContain("review-examples-"); // the synth folder never shows
  });

  test("a diff report is the same on every run", () => {
    const base = synthClusterVariant();
    const head = synthClusterVariant({ deaCount: 3, extraPublicPort: 8080 });
    expect(review({ base, head }).markdown).toBe(review({ base, head }).markdown);
  });
});

describe("large reports", () => {
  let head: string;
  beforeAll(() => {
    head = synthClusterVariant({ deaCount: 60 });
  });

  test("the default limit keeps a 60-DEA report under GitHub's comment limit, with a note saying what was cut", () => {
    const { markdown } = review({ head });
    expect(markdown.length).toBeLessThanOrEqual(65000);
    expect(markdown.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(markdown).toContain("> [!NOTE]");
    expect(markdown).toMatch(/Not shown: .*provisioning steps of cluster/);
    balanced(markdown);
  });

  test("a small limit keeps the summary and cuts the details cleanly", () => {
    const { markdown } = review({ head, maxChars: 12000 });
    expect(markdown.length).toBeLessThanOrEqual(12000);
    expect(markdown).toContain("### Exposure");
    expect(markdown).toContain("### Nodes by role");
    expect(markdown).toContain("[!NOTE]");
    balanced(markdown);
  });

  test("the summary comes before any <details>", () => {
    const { markdown } = review({ head });
    expect(markdown.indexOf("### Exposure")).toBeLessThan(markdown.indexOf("<details>"));
  });
});

describe("secrets", () => {
  const stack = parseStack("secrets", {
    variable: { db_password: { type: "string", sensitive: true }, admin_token: { type: "string" } },
    resource: {
      null_resource: {
        step: {
          "//": { metadata: { path: "secrets/Step" } },
          triggers: { password: "${var.db_password}", token: "${var.admin_token}", user: "stackato" },
          provisioner: [
            { "local-exec": { command: "echo ${var.db_password} | login --token ${var.admin_token} --user stackato" } },
          ],
        },
      },
    },
  });

  test("references to sensitive or secret-named variables are masked in inputs and commands", () => {
    const parts = stackReport(stack);
    const text = [...parts.summary, ...parts.details.map((d) => d.text)].join("\n");
    expect(text).not.toContain("var.db_password");
    expect(text).not.toContain("var.admin_token");
    expect(text).toContain(`echo ${SECRET_MASK} | login --token ${SECRET_MASK} --user stackato`);
    expect(text).toContain("`user`: `stackato`");
  });
});

describe("topology diagrams", () => {
  test("mermaid's own parser accepts every diagram: the examples, a collapsed large role, awkward names", () => {
    const diagrams = [
      ...mermaidBlocks(review({ head: synthExamples() }).markdown),
      ...mermaidBlocks(review({ head: synthClusterVariant({ deaCount: 12 }) }).markdown),
      ...mermaidBlocks(review({ head: synthClusterVariant({ deaFlavorName: 'm1."big" <ssd> #1 & [x]' }) }).markdown),
    ];
    expect(diagrams.length).toBe(4);
    const results = parseWithMermaid(diagrams);
    expect(results).toEqual(diagrams.map(() => ({ ok: true, type: "flowchart-v2" })));
  });

  test("the parser is not a rubber stamp: a broken diagram fails", () => {
    const [result] = parseWithMermaid(['flowchart LR\n  n1["unclosed --> n2']);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/Parse error/);
  });

  test("nodes are grouped by role, a large role in one box, volumes and mounts drawn", () => {
    const [diagram] = mermaidBlocks(review({ head: synthClusterVariant({ deaCount: 12 }) }).markdown);
    expect(diagram.split("\n")[0]).toBe("flowchart LR");
    const subgraphs = [...diagram.matchAll(/subgraph \w+\["([^"]+)"\]/g)].map((m) => m[1]);
    expect(subgraphs).toEqual([
      "controller",
      "data-services",
      "dea",
      "load-balancer",
      "primary,controller,router",
      "router",
    ]);
    expect(diagram).toContain('["stackato-dea-1 … stackato-dea-12<br/>12 nodes, m1.large"]');
    expect(diagram).not.toContain("stackato-dea-5<br/>");
    expect(diagram).toMatch(/\[\("stackato-droplets<br\/>10 GB"\)\]/);
    expect(diagram.match(/-\.->\|"sshfs \/mnt\/controller"\|/g)).toHaveLength(2);
    expect(diagram).toMatch(/==>\|"tcp 22, tcp 80, tcp 443"\|/);
  });
});

/**
 * `review`: the Markdown report on one synth output (head), or on the change from base to head,
 * with the verdict the CI needs: whether anything changes, how many resources are destroyed, and
 * whether the change must be stopped.
 */
import { diffStacks } from "./diff";
import { diffReport } from "./diff-report";
import { DEFAULT_REPORT_LIMIT, fitReport, plural } from "./markdown";
import { ReportParts, stackReport } from "./report";
import { loadStacks } from "./stack-config";

export interface ReviewOptions {
  /** A `cdktf.out` folder (or its `stacks/`, or one stack's folder). */
  readonly head: string;
  readonly base?: string;
  /** Only this stack. */
  readonly stack?: string;
  readonly allowDestroy?: boolean;
  /** @default 65000, below GitHub's comment limit */
  readonly maxChars?: number;
}

export interface ReviewResult {
  readonly markdown: string;
  readonly hasChanges: boolean;
  /** Resources destroyed or replaced, over all stacks. */
  readonly destroys: number;
  readonly blocking: string[];
  /** 0, or 1 when a protected volume would be destroyed without `allowDestroy`. */
  readonly exitCode: number;
}

/** The first line of every report: the workflow finds its own comment by it. */
export const REPORT_MARKER = "<!-- cdktf-stackato-openstack review -->";

export function review(options: ReviewOptions): ReviewResult {
  const head = loadStacks(options.head, options.stack);
  const limit = options.maxChars ?? DEFAULT_REPORT_LIMIT;
  if (options.base === undefined) {
    const parts = head.map((s) => stackReport(s));
    const title = `# Stackato review: ${head.map((s) => s.name).join(", ")}\n`;
    return finish([title, ...parts.flatMap((p) => p.summary)], parts, limit, false, 0, [], options);
  }
  // A stack new in head is absent from base: that is a create, not an error.
  const base = loadStacks(options.base).filter((s) => options.stack === undefined || s.name === options.stack);
  const names = [...new Set([...base, ...head].map((s) => s.name))].sort();
  const verdicts = names.map((name) => {
    const before = base.find((s) => s.name === name);
    const after = head.find((s) => s.name === name);
    return diffReport(name, before, after, diffStacks(before, after), options.allowDestroy ?? false);
  });
  const hasChanges = verdicts.some((v) => v.hasChanges);
  const destroys = verdicts.reduce((n, v) => n + v.destroys, 0);
  const blocking = verdicts.flatMap((v) => v.blocking);
  const title = [
    `# Stackato review: ${names.join(", ")}\n`,
    hasChanges
      ? `**${plural(verdicts.filter((v) => v.hasChanges).length, "stack")} changed** · ${plural(destroys, "resource")} destroyed or replaced${blocking.length > 0 ? ` · **${plural(blocking.length, "protected volume")} destroyed**` : ""}\n`
      : "**No changes.** Base and head synthesize to the same resources.\n",
  ];
  const summaries = verdicts.flatMap((v) => v.parts.summary);
  const headDetails = head.map((s) => {
    const parts = stackReport(s, 3);
    return {
      title: `head report of ${s.name}`,
      text: `<details><summary>Head: the whole stack ${s.name}</summary>\n\n${[...parts.summary, ...parts.details.map((d) => d.text)].join("\n")}\n</details>\n`,
    };
  });
  const parts: ReportParts[] = [...verdicts.map((v) => v.parts), { summary: [], details: headDetails }];
  return finish([...title, ...summaries], parts, limit, hasChanges, destroys, blocking, options);
}

function finish(
  summary: string[],
  parts: ReportParts[],
  limit: number,
  hasChanges: boolean,
  destroys: number,
  blocking: string[],
  options: ReviewOptions,
): ReviewResult {
  const markdown = fitReport(
    [REPORT_MARKER, ...summary],
    parts.flatMap((p) => p.details),
    limit,
  );
  const exitCode = blocking.length > 0 && !options.allowDestroy ? 1 : 0;
  return { markdown, hasChanges, destroys, blocking, exitCode };
}

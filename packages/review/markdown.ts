/** Small Markdown helpers for reports that GitHub renders in a pull request comment. */

/** A table cell: pipes and newlines would break the row, `<` would open HTML. */
export function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/\r?\n/g, "<br>");
}

/** Inline code that survives backticks inside the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

export function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return "";
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n") + "\n";
}

/** A fenced block whose fence is longer than any backtick run inside. */
export function fenced(language: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}\n`;
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body.trimEnd()}\n\n</details>\n`;
}

export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** GitHub refuses comments over 65,536 characters; leave room for the workflow's own marker line. */
export const GITHUB_COMMENT_LIMIT = 65536;
export const DEFAULT_REPORT_LIMIT = 65000;

/**
 * Joins a report's parts, in order, within `limit` characters. The summary parts always go in; a
 * detail part that does not fit is cut at a line boundary with its open fences and `<details>`
 * closed, and the parts after it are named in a closing note.
 */
export function fitReport(
  summary: string[],
  detailParts: Array<{ title: string; text: string }>,
  limit: number,
): string {
  let report = summary.join("\n");
  const omitted: string[] = [];
  const noteRoom = 400 + detailParts.reduce((n, p) => n + p.title.length + 4, 0);
  for (const part of detailParts) {
    const room = limit - noteRoom - report.length - 1;
    if (omitted.length === 0 && part.text.length <= room) {
      report += `\n${part.text}`;
    } else if (omitted.length === 0 && room > 200) {
      report += `\n${cutAtLine(part.text, room - 120)}`;
      omitted.push(`${part.title} (cut short)`);
    } else {
      omitted.push(part.title);
    }
  }
  if (omitted.length > 0) {
    report +=
      `\n> [!NOTE]\n> This report was cut to stay under GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")}-character comment limit. ` +
      `Not shown: ${omitted.join(", ")}. Run the review locally, or read the workflow's artifact, for all of it.\n`;
  }
  return report;
}

function cutAtLine(text: string, room: number): string {
  let cut = text.slice(0, Math.max(0, room));
  const lastNewline = cut.lastIndexOf("\n");
  if (lastNewline > 0) cut = cut.slice(0, lastNewline + 1);
  const fences = cut.match(/^`{3,}/gm) ?? [];
  // An odd number of fence lines leaves a code block open: close it with the fence that opened it.
  if (fences.length % 2 === 1) cut += `${fences[fences.length - 1].replace(/[^`]/g, "")}\n`;
  const open = (cut.match(/<details>/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  cut += "\n… (cut here)\n";
  for (let i = 0; i < open; i++) cut += "\n</details>\n";
  return cut;
}

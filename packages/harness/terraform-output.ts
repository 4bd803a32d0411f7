/** Reading Terraform's machine-readable output: `validate -json` and the JSON lines of plan/apply/destroy. */
import type { RawRun, TerraformResult } from "./terraform-types";

interface JsonDiagnostic {
  severity: string;
  summary: string;
  detail?: string;
  address?: string;
}

export function formatDiagnostic(d: JsonDiagnostic): string {
  return [d.severity, d.address, d.summary, d.detail].filter((part) => part && part.trim() !== "").join(": ");
}

/** The result of `terraform validate -json`; stderr diagnostics count when stdout is not JSON. */
export function parseValidateJson(run: RawRun): TerraformResult {
  try {
    const parsed = JSON.parse(run.stdout) as { valid: boolean; diagnostics: JsonDiagnostic[] };
    return {
      ok: run.code === 0 && parsed.valid,
      stdout: run.stdout,
      stderr: run.stderr,
      diagnostics: parsed.diagnostics.map(formatDiagnostic),
    };
  } catch {
    return { ok: false, stdout: run.stdout, stderr: run.stderr, diagnostics: stderrDiagnostics(run) };
  }
}

export interface ChangeSummary {
  add: number;
  change: number;
  remove: number;
}

/** Parses `-json` lines of plan, apply or destroy: diagnostics and the change summary. */
export function parseJsonLines(run: RawRun): { result: TerraformResult; changeSummary?: ChangeSummary } {
  const diagnostics: string[] = [];
  let changeSummary: ChangeSummary | undefined;
  for (const line of run.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let message: { type?: string; diagnostic?: JsonDiagnostic; changes?: ChangeSummary };
    try {
      message = JSON.parse(line);
    } catch {
      continue;
    }
    if (message.type === "diagnostic" && message.diagnostic) diagnostics.push(formatDiagnostic(message.diagnostic));
    if (message.type === "change_summary" && message.changes) changeSummary = message.changes;
  }
  if (run.code !== 0 && diagnostics.length === 0) diagnostics.push(...stderrDiagnostics(run));
  return {
    result: {
      ok: run.code === 0,
      stdout: run.stdout,
      stderr: run.stderr,
      diagnostics,
      resourcesToCreate: changeSummary?.add,
    },
    changeSummary,
  };
}

function stderrDiagnostics(run: RawRun): string[] {
  const text = run.stderr.trim();
  return text ? [`error: ${text}`] : run.code === 0 ? [] : [`error: terraform exited with ${run.code}`];
}

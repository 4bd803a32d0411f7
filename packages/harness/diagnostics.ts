/** Diagnostics in the shape of the tfplugin6 Diagnostic message (as @grpc/proto-loader takes it). */

export type PathStep = { attribute_name: string } | { element_key_int: number } | { element_key_string: string };

export interface Diagnostic {
  severity: "ERROR" | "WARNING";
  summary: string;
  detail: string;
  attribute?: { steps: PathStep[] };
}

export function errorDiagnostic(summary: string, detail: string, steps?: PathStep[]): Diagnostic {
  return { severity: "ERROR", summary, detail, ...(steps ? { attribute: { steps } } : {}) };
}

/** A failure inside the harness itself, reported to Terraform instead of crashing the RPC. */
export function internalErrorDiagnostic(rpc: string, err: unknown): Diagnostic {
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return errorDiagnostic(`Offline harness failed in ${rpc}`, message);
}

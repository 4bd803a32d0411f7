/** What a terraform run gives back: shared by terraform.ts (which runs it) and terraform-output.ts (which reads its output). */

export interface RawRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TerraformResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** "error: summary: detail" lines, from Terraform's JSON output (or its stderr when there is none). */
  readonly diagnostics: string[];
  /** Resources the plan or apply adds, when Terraform got that far. */
  readonly resourcesToCreate?: number;
}

export interface ApplyResult extends TerraformResult {
  /** The scratch directory holding the applied state; pass it to destroyWorkDir or planWorkDir. */
  readonly workDir: string;
}

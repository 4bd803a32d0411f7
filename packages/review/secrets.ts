/**
 * Masking for the report: it is posted to pull requests, which more people read than the state.
 * The library never writes a secret literal into cdk.tf.json (it refuses literal passwords), so
 * what is masked here are references to sensitive variables and anything named like a secret.
 */
import { StackConfig } from "./stack-config";

export const SECRET_MASK = "‹masked›";

const EXPRESSION = /\$\{([^{}]|\{[^{}]*\})*\}/g;
const SECRET_NAME = /pass(word)?|secret|token|private_key|credential/i;

/** `text` with every `${...}` that reads a sensitive variable replaced by the mask. */
export function maskSecrets(text: string, stack: StackConfig): string {
  if (!text.includes("${")) return text;
  return text.replace(EXPRESSION, (expression) => (readsSecret(expression, stack) ? SECRET_MASK : expression));
}

function readsSecret(expression: string, stack: StackConfig): boolean {
  for (const match of expression.matchAll(/\bvar\.([A-Za-z0-9_-]+)/g)) {
    if (stack.sensitiveVariables.has(match[1])) return true;
    // A key *path* is not a secret (the stack reads the file at apply), the key itself would be.
    if (SECRET_NAME.test(match[1]) && !/_path$/.test(match[1])) return true;
  }
  return false;
}

import { Fn, Op, TerraformResource, Token } from "cdktf";
import { HOSTNAME_MAX_LENGTH, HOSTNAME_PATTERN, NUMERIC_TLD_PATTERN } from "./validation";

/**
 * A domain that is a Terraform reference (a variable chosen at deploy time, say) cannot be checked
 * at synth, so it is checked at plan time with a `lifecycle.precondition` on `resource`, with the
 * same rules as the synth-time check. Why not a variable `validation` block: the token may stand for
 * any expression (a variable, a local, a data source's attribute), and only the variable's owner can
 * declare its validation; a precondition checks whatever the reference holds.
 */
export function domainPrecondition(resource: TerraformResource, domain: string, prop: string): void {
  if (!Token.isUnresolved(domain)) return;
  // Dot-separated labels, at least two; the patterns use no backslash, so HCL string escaping cannot bend them.
  const labels = Fn.can(Fn.regex(HOSTNAME_PATTERN, domain));
  const dotted = Fn.can(Fn.regex("[.]", domain));
  const numericTld = Fn.can(Fn.regex(NUMERIC_TLD_PATTERN, domain));
  const condition = Op.and(
    Op.and(Op.lte(Fn.lengthOf(domain), HOSTNAME_MAX_LENGTH), Op.and(labels, dotted)),
    Op.not(numericTld),
  );
  resource.lifecycle = {
    ...resource.lifecycle,
    precondition: [
      ...(resource.lifecycle?.precondition ?? []),
      {
        condition,
        errorMessage: `${prop}: the value is not a hostname; give the cluster's DNS name, such as "paas.example.com" (for a quick test "<floating ip>.nip.io")`,
      },
    ],
  };
}

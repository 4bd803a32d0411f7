import { Fn, Op, TerraformResource, Token } from "cdktf";
import { applyTimeValue } from "../base/terraform-text";
import { HOSTNAME_MAX_LENGTH, HOSTNAME_PATTERN, NUMERIC_TLD_PATTERN } from "../base/validation";

/**
 * A domain that is a Terraform reference (a variable chosen at deploy time, say) cannot be checked
 * at synth, so it is checked at plan time with a `lifecycle.precondition` on `resource`, with the
 * same rules as the synth-time check. Why not a variable `validation` block: the token may stand for
 * any expression (a variable, a local, a data source's attribute), and only the variable's owner can
 * declare its validation; a precondition checks whatever the reference holds.
 */
export function domainPrecondition(resource: TerraformResource, value: string, prop: string): void {
  if (!Token.isUnresolved(value)) return;
  // Literal text joined to the reference is checked with it, whatever quotes or template text it holds.
  const domain = applyTimeValue(value);
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

/** A POSIX portable user name, as the synth-time check of `ssh.user` wants it; no backslash, for the same reason. */
export const USER_NAME_PATTERN = "^[A-Za-z_][A-Za-z0-9_.-]{0,31}$";

/**
 * `ssh.user` and `ssh.bastionUser` given as Terraform references: no command or path on a node is
 * built from them (the steps find the home directory as $HOME), but a name that is not a plain user
 * name is a mistake that would only show as a failed login, so it stops the plan, as a literal one
 * stops synth.
 */
export function sshUserPreconditions(
  resource: TerraformResource,
  ssh: { readonly user?: string; readonly bastionUser?: string } | undefined,
): void {
  const users: Array<readonly [string, string | undefined]> = [
    ["ssh.user", ssh?.user],
    ["ssh.bastionUser", ssh?.bastionUser],
  ];
  const checks = users
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined && Token.isUnresolved(entry[1]))
    .map(([prop, user]) => ({
      condition: Fn.can(Fn.regex(USER_NAME_PATTERN, applyTimeValue(user))),
      errorMessage: `${prop}: the value is not a user name; give the login user alone, such as "stackato" (letters, digits, _, . and -)`,
    }));
  if (checks.length === 0) return;
  resource.lifecycle = {
    ...resource.lifecycle,
    precondition: [...(resource.lifecycle?.precondition ?? []), ...checks],
  };
}

/**
 * Cloud-init user data for every node. It uses `bootcmd` (present in the cloud-init of the
 * Ubuntu 12.04-based Stackato image) rather than the Stackato cloud-init module, which HPE found
 * broken on unmodified images.
 *
 * - Passwordless sudo for `stackato`, so provisioners never need the default password. Stackato
 *   lists one known issue with it: `kato node reset factory` fails while it is set.
 * - `ssh_pwauth: false`: the image's password is the public default `stackato`, and port 22 is
 *   open on exposed nodes, so only key logins are allowed.
 */
export function nodeUserData(): string {
  const sudoers = "/etc/sudoers.d/90-stackato-terraform";
  return [
    "#cloud-config",
    "ssh_pwauth: false",
    "bootcmd:",
    `  - [ sh, -c, "echo 'stackato ALL = (root) NOPASSWD: ALL' > ${sudoers} && chmod 0440 ${sudoers}" ]`,
    "",
  ].join("\n");
}

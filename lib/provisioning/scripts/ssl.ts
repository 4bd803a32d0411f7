import { localShellWord } from "../../base/shell-words";
import { stepBody } from "./step-body";
import { ShellScript } from "./shell";

/** Where Stackato's router (nginx) reads its certificate and key (admin guide, "Using your own SSL certificate"). */
export const STACKATO_SSL_KEY = "/etc/ssl/private/stackato.key";
export const STACKATO_SSL_CERT = "/etc/ssl/certs/stackato.crt";

/** File names of the cluster's certificate in the local key directory's `ssl/` folder. */
export const SSL_KEY_FILE = "stackato.key";
export const SSL_CERT_FILE = "stackato.crt";

/** Beside a certificate the command made itself: the subject it was made for. */
export const SSL_SELF_SIGNED_RECORD = ".self-signed-for";

/**
 * Local command (local-exec at deploy time) that makes the cluster's certificate in `sslDirectory`:
 * a self-signed `*.<domain>` certificate, unless the folder already holds one, which is how users
 * bring their own. One it made itself for another domain is made anew. The result is a Terraform
 * template: `sslDirectory` and `domain` may be references, which reach the shell as their values.
 */
export function sslCertificateCommand(sslDirectory: string, domain: string, generation = 0): string {
  const dir = localShellWord(sslDirectory);
  const key = `${dir}/${SSL_KEY_FILE}`;
  const cert = `${dir}/${SSL_CERT_FILE}`;
  const record = `${dir}/${SSL_SELF_SIGNED_RECORD}`;
  // The record names what the certificate was made for: the subject, and the generation once one is
  // given (certificateGeneration), so a new generation makes a self-signed certificate anew.
  const made = generation > 0 ? `"$subject generation ${generation}"` : `"$subject"`;
  return [
    "set -eu",
    `mkdir -p ${dir}`,
    `chmod 700 ${dir}`,
    `subject=${localShellWord(`/CN=*.${domain}`)}`,
    `if [ ! -f ${key} ] || [ ! -f ${cert} ] || { [ -f ${record} ] && [ "$(cat ${record})" != ${made} ]; }; then`,
    `  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "$subject" -keyout ${key} -out ${cert} 2>/dev/null`,
    `  chmod 600 ${key}`,
    `  printf '%s' ${made} > ${record}`,
    "fi",
  ].join("\n");
}

/**
 * On the core, after its setup: the core is a router too, so it serves the cluster's certificate.
 *
 * `sh/_install-ssl.sh` (also part of the attach and load-balancer steps) installs the uploaded
 * certificate and key as Stackato's, after `kato node rename` (which makes a new self-signed pair) and
 * before the node serves: the load balancer and every router must serve the same certificate for SSO
 * and AOK to work. The step uploads both into the private (0700) directory; `$SHARED_SSL` other than
 * "yes" means there is none to install. It sets `ssl_installed`.
 */
export function installSslScript(): ShellScript {
  return new ShellScript("install-ssl", [["SHARED_SSL", "yes"]], stepBody("install-ssl.sh"));
}

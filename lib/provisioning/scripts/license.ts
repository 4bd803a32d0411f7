import { stepBody } from "./step-body";
import { ShellScript } from "./shell";

/** The shell variable the license key reaches the script in; a secret param (see ProvisionStep). */
export const LICENSE_KEY_PARAM = "LICENSE_KEY";

/**
 * Sets the cluster's Stackato license on the core: `kato license set`, which reads the license from
 * STDIN when it is not given as an argument (kato reference, Stackato 3.4). The key goes through a
 * pipe from printf, a bash builtin, so it is on no command line (`ps`), in no log and in no file:
 * the step hands it over in a 0700 file that the script reads and removes before this runs.
 * Setting the same license again changes nothing, so a re-run (a new key, a replaced core) is safe.
 */
export function licenseScript(p: { licenseKey: string }): ShellScript {
  return new ShellScript("license", [[LICENSE_KEY_PARAM, p.licenseKey]], stepBody("license.sh"));
}

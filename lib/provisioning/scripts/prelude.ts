import { readShFile } from "./sh-files";

/**
 * Shell functions shared by the provisioning scripts. They run as the `stackato` user over ssh;
 * `kato` must run as that user, not root, and root work goes through passwordless sudo, which the
 * nodes' cloud-init user data grants.
 */
/**
 * Version of the prelude's behaviour. Step triggers hash only a step's own commands plus this
 * number, so rewording the prelude re-runs nothing on live clusters; bump it when a change of the
 * prelude must re-run every step.
 */
export const PRELUDE_VERSION = 2;

/** `sh/prelude.sh`: the functions every step starts with. */
export const PRELUDE = readShFile("prelude.sh");

import { TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { StackatoImage, StackatoMicroCloud } from "../lib";
import { CommonSettings, addStackBasics, commonSettingsFromEnv, sshSettingsFor } from "./settings";

export interface MicroCloudExampleSettings extends CommonSettings {
  /** Absolute path (or `~/...`) of a KVM image to upload instead of using `imageName`. */
  readonly imageFile?: string;
  /** Rename the micro cloud to this DNS name over ssh; unset leaves the VM as it boots. */
  readonly domain?: string;
  /** Private key for that step. @default "~/.ssh/id_rsa" */
  readonly privateKeyFile?: string;
  /** Log in through ssh-agent instead of a key file (it is forwarded to the node). */
  readonly useSshAgent?: boolean;
  /** Nova server name. @default "microcloud" */
  readonly name?: string;
  /** An existing floating IP of the project to take, by address, instead of one from the pool. */
  readonly floatingIp?: string;
  /** Set the Stackato license from the sensitive variable `stackato_license_key` (`TF_VAR_stackato_license_key`). */
  readonly withLicenseKey?: boolean;
}

export function microCloudSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MicroCloudExampleSettings {
  return {
    ...commonSettingsFromEnv(env),
    imageFile: env.STACKATO_IMAGE_FILE || undefined,
    domain: env.STACKATO_MICRO_CLOUD_DOMAIN || undefined,
    privateKeyFile: env.STACKATO_SSH_PRIVATE_KEY || undefined,
    useSshAgent: env.STACKATO_SSH_AGENT === "true",
    floatingIp: env.STACKATO_MICRO_CLOUD_FLOATING_IP || undefined,
    withLicenseKey: env.STACKATO_LICENSE_KEY_VARIABLE === "true",
  };
}

/** The single-VM micro cloud of the Stackato OpenStack guide: image, keypair, `stackato-ext`, and one instance. */
export class MicroCloudStack extends TerraformStack {
  readonly microCloud: StackatoMicroCloud;

  constructor(scope: Construct, id: string, settings: MicroCloudExampleSettings) {
    super(scope, id);
    const keypair = addStackBasics(this, id, settings);
    const image = new StackatoImage(
      this,
      "Image",
      settings.imageFile ? { localFilePath: settings.imageFile } : { existingImageName: settings.imageName },
    );
    this.microCloud = new StackatoMicroCloud(this, "MicroCloud", {
      image,
      keyName: keypair.keyName,
      flavorName: settings.flavorName,
      networkName: settings.networkName,
      // Spread rather than `name: settings.name`: an edit that sets `name:` itself still compiles.
      ...(settings.name ? { name: settings.name } : {}),
      // A reserved address replaces the pool: the node takes one floating IP.
      floatingIp: settings.floatingIp,
      floatingIpPool: settings.floatingIp ? undefined : settings.floatingIpPool || undefined,
      sshSourceCidrs: settings.sshSourceCidrs,
      domain: settings.domain,
      ssh:
        settings.domain || settings.withLicenseKey
          ? sshSettingsFor(settings.privateKeyFile, settings.useSshAgent)
          : undefined,
      licenseKey: settings.withLicenseKey
        ? new TerraformVariable(this, "stackato_license_key", {
            type: "string",
            sensitive: true,
            description: "The Stackato license, set on the micro cloud with kato license set",
          }).stringValue
        : undefined,
    });
  }
}

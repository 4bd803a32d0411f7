import { LocalBackend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { StackatoImage, StackatoKeypair, StackatoMicroCloud } from "../lib";
import { OpenstackProvider } from "../lib/openstack";

/** Settings of the example; every one has a default, so synth needs no credentials and no files. */
export interface MicroCloudExampleSettings {
  /** Existing Glance image name; ignored when `imageFile` is set. */
  readonly imageName: string;
  /** Absolute path (or `~/...`) of a KVM image to upload instead. */
  readonly imageFile?: string;
  /** Existing Nova keypair; ignored when `publicKeyFile` is set. */
  readonly keyName: string;
  /** A public key to register as a new keypair instead. */
  readonly publicKeyFile?: string;
  readonly flavorName: string;
  readonly networkName: string;
  /** External network for a floating IP; empty for none. */
  readonly floatingIpPool?: string;
  readonly sshSourceCidrs: string[];
}

/** Reads `STACKATO_*` environment variables, falling back to defaults that synthesize anywhere. */
export function microCloudSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MicroCloudExampleSettings {
  return {
    imageName: env.STACKATO_IMAGE_NAME ?? "Stackato-3.6.2",
    imageFile: env.STACKATO_IMAGE_FILE || undefined,
    keyName: env.STACKATO_KEYPAIR ?? "stackato-admin",
    publicKeyFile: env.STACKATO_PUBLIC_KEY_FILE || undefined,
    flavorName: env.STACKATO_FLAVOR ?? "m1.medium",
    networkName: env.STACKATO_NETWORK ?? "private",
    floatingIpPool: env.STACKATO_FLOATING_IP_POOL ?? "public",
    sshSourceCidrs: (env.STACKATO_SSH_CIDRS ?? "0.0.0.0/0").split(",").map((c) => c.trim()),
  };
}

/** The seed's single-VM micro cloud: image, keypair, `stackato-ext`, and one instance. */
export class MicroCloudStack extends TerraformStack {
  readonly microCloud: StackatoMicroCloud;

  constructor(scope: Construct, id: string, settings: MicroCloudExampleSettings) {
    super(scope, id);
    // Credentials come from the OS_* variables of `source openrc.sh`, never from code.
    new OpenstackProvider(this, "openstack", {});
    // State in the project folder (cdktf.out/stacks/<id>/../../..), as a relative path so the
    // synthesized JSON is the same on every machine; cdktf deletes a stack folder whose stack is gone.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });

    const image = new StackatoImage(
      this,
      "Image",
      settings.imageFile ? { localFilePath: settings.imageFile } : { existingImageName: settings.imageName },
    );
    const keypair = new StackatoKeypair(
      this,
      "Keypair",
      settings.publicKeyFile ? { publicKeyFile: settings.publicKeyFile } : { existingKeyName: settings.keyName },
    );
    this.microCloud = new StackatoMicroCloud(this, "MicroCloud", {
      image,
      keyName: keypair.keyName,
      flavorName: settings.flavorName,
      networkName: settings.networkName,
      floatingIpPool: settings.floatingIpPool || undefined,
      sshSourceCidrs: settings.sshSourceCidrs,
    });
  }
}

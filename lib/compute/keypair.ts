import * as fs from "fs";
import * as os from "os";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { ComputeKeypairV2 } from "../../.gen/providers/openstack/compute-keypair-v2";
import { nonBlank } from "../base/validation";
import { publicKeyError } from "./public-key";

export interface StackatoKeypairProps {
  /**
   * Nova name of the keypair: the one to create, or the existing one with `existingKeyName`.
   * @default "stackato-admin", as in the `nova keypair-add` of the Stackato OpenStack guide
   */
  readonly keyName?: string;

  /**
   * OpenSSH public key text, e.g. the contents of `~/.ssh/id_rsa.pub`.
   * Give exactly one of `publicKey`, `publicKeyFile` and `existingKeyName`.
   * @default - none
   */
  readonly publicKey?: string;

  /**
   * Path of a public key file, read at synth time (`~/` is expanded; relative paths are relative to
   * the directory `cdktf` runs in). Only the public key reaches the synthesized JSON.
   * @default - none
   */
  readonly publicKeyFile?: string;

  /**
   * Reuse a keypair that already exists in Nova; nothing is created.
   * @default - none
   */
  readonly existingKeyName?: string;
}

/** The Nova keypair injected into every Stackato VM: created from a public key, or an existing one. */
export class StackatoKeypair extends Construct {
  /** Nova name of the keypair, to pass as `key_pair` (a reference to the created keypair, when one is created). */
  readonly keyName: string;
  readonly resource?: ComputeKeypairV2;
  private cachedKey?: { text?: string; error?: string };

  constructor(
    scope: Construct,
    id: string,
    private readonly props: StackatoKeypairProps,
  ) {
    super(scope, id);
    this.node.addValidation({ validate: () => this.validate() });
    if (props.existingKeyName !== undefined) {
      this.keyName = props.existingKeyName;
      return;
    }
    this.resource = new ComputeKeypairV2(this, "Resource", {
      name: props.keyName ?? "stackato-admin",
      // Read lazily, so constructing the tree does no I/O and a test can build it without the file.
      publicKey: Lazy.stringValue({ produce: () => this.publicKeyText() ?? "" }),
    });
    // The token, not the plain name, so Terraform creates the keypair before any instance using it.
    this.keyName = this.resource.name;
  }

  private publicKeyText(): string | undefined {
    if (!this.cachedKey) this.cachedKey = readPublicKey(this.props);
    return this.cachedKey.text;
  }

  private validate(): string[] {
    const p = this.props;
    const given = (["publicKey", "publicKeyFile", "existingKeyName"] as const).filter((k) => p[k] !== undefined);
    if (given.length !== 1) {
      return [
        `keypair: give exactly one of publicKey, publicKeyFile or existingKeyName; ${given.length === 0 ? "none was given" : `got ${given.join(" and ")}`}`,
      ];
    }
    const nameErrors = [
      ...nonBlank("keyName", p.keyName, 'give the Nova name of the keypair, or leave it out for "stackato-admin"'),
      ...nonBlank("publicKeyFile", p.publicKeyFile, 'give the path of a .pub file, such as "~/.ssh/id_rsa.pub"'),
    ];
    if (nameErrors.length > 0) return nameErrors;
    if (p.existingKeyName !== undefined) {
      return p.existingKeyName.trim() === "" ? ["existingKeyName: is empty; give the name of a keypair in Nova"] : [];
    }
    this.publicKeyText();
    return this.cachedKey?.error ? [this.cachedKey.error] : [];
  }
}

function readPublicKey(props: StackatoKeypairProps): { text?: string; error?: string } {
  let text = props.publicKey;
  let prop = "publicKey";
  if (props.publicKeyFile !== undefined) {
    prop = "publicKeyFile";
    const path = props.publicKeyFile.replace(/^~(?=\/)/, os.homedir());
    try {
      text = fs.readFileSync(path, "utf8");
    } catch (err) {
      return {
        error: `publicKeyFile: cannot read "${props.publicKeyFile}" (${(err as NodeJS.ErrnoException).code}); create it with ssh-keygen or give publicKey`,
      };
    }
  }
  const error = publicKeyError(prop, text ?? "");
  return error ? { error } : { text: text!.trim() };
}

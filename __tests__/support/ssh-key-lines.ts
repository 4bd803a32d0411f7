import { generateKeyPairSync } from "crypto";

/** One length-prefixed SSH wire string (RFC 4251, section 5). */
function sshString(data: Buffer | string): Buffer {
  const body = typeof data === "string" ? Buffer.from(data, "latin1") : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  return Buffer.concat([length, body]);
}

/** An authorized_keys line of `type` whose blob holds `parts` after the type. */
export function keyLine(type: string, parts: Array<Buffer | string>, comment = "test@example"): string {
  const blob = Buffer.concat([sshString(type), ...parts.map(sshString)]);
  return `${type} ${blob.toString("base64")} ${comment}`;
}

/** A real RSA public key of `bits` bits, generated at run time, as an authorized_keys line. */
export function rsaKeyLine(bits: number, comment = "test@example"): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const jwk = publicKey.export({ format: "jwk" });
  const mpint = (base64url: string) => {
    const raw = Buffer.from(base64url, "base64url");
    // mpint: a leading zero byte keeps a number with its top bit set positive.
    return raw[0] & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw;
  };
  return keyLine("ssh-rsa", [mpint(jwk.e!), mpint(jwk.n!)], comment);
}

/** A real ECDSA P-256 public key, generated at run time. */
export function ecdsaKeyLine(): string {
  const { publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const jwk = publicKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
  return keyLine("ecdsa-sha2-nistp256", ["nistp256", point]);
}

/**
 * Checks an OpenSSH public key line for the Stackato VM, whose sshd is OpenSSH 5.9p1 (Ubuntu 12.04).
 * That sshd accepts RSA, DSA and, since OpenSSH 5.7, ECDSA on the NIST curves (OpenBSD commit
 * "Implement Elliptic Curve Cryptography modes for key exchange (ECDH) and host/user keys (ECDSA)
 * as specified by RFC5656", djm 2010-08-31; release notes https://www.openssh.com/txt/release-5.7).
 * ed25519 arrived in 6.5 and FIDO `sk-` keys in 8.2, so those keys would never log in. DSA keys
 * are 1024 bits by definition in SSH (FIPS 186-2) and are refused as too weak.
 */

const RSA_MIN_BITS = 2048;
const ECDSA_CURVES: Record<string, { readonly curve: string; readonly pointBytes: number }> = {
  "ecdsa-sha2-nistp256": { curve: "nistp256", pointBytes: 65 },
  "ecdsa-sha2-nistp384": { curve: "nistp384", pointBytes: 97 },
  "ecdsa-sha2-nistp521": { curve: "nistp521", pointBytes: 133 },
};
const TOO_NEW: Record<string, string> = {
  "ssh-ed25519": "6.5",
  "sk-ssh-ed25519@openssh.com": "8.2",
  "sk-ecdsa-sha2-nistp256@openssh.com": "8.2",
};
const MAKE_ONE = "create one with `ssh-keygen -t rsa -b 4096` and give the .pub file";

/** Splits an SSH wire blob into its length-prefixed strings; undefined when the lengths do not add up. */
function wireStrings(blob: Buffer): Buffer[] | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < blob.length) {
    if (offset + 4 > blob.length) return undefined;
    const length = blob.readUInt32BE(offset);
    if (offset + 4 + length > blob.length) return undefined;
    parts.push(blob.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return parts;
}

/** Bits of an unsigned big-endian number, leading zero bytes (mpint padding) ignored. */
function bitLength(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]));
}

/** Why the decoded key is unusable, or undefined. `parts[0]` is the key type. */
function keyDataError(prop: string, type: string, parts: Buffer[]): string | undefined {
  const mangled = `${prop}: the key data is truncated or mangled; copy the whole .pub line again`;
  if (type === "ssh-rsa") {
    if (parts.length !== 3) return mangled;
    const bits = bitLength(parts[2]);
    if (bits < RSA_MIN_BITS)
      return `${prop}: the RSA key has ${bits} bits; use one of at least ${RSA_MIN_BITS} bits: ${MAKE_ONE}`;
    return undefined;
  }
  const ecdsa = ECDSA_CURVES[type];
  if (
    parts.length !== 3 ||
    parts[1].toString("latin1") !== ecdsa.curve ||
    parts[2].length !== ecdsa.pointBytes ||
    parts[2][0] !== 4
  )
    return mangled;
  return undefined;
}

/** Why `text` is not one public key the Stackato VM's OpenSSH 5.9 accepts, or undefined when it is. */
export function publicKeyError(prop: string, text: string): string | undefined {
  const trimmed = text.trim();
  if (/PRIVATE KEY/.test(trimmed)) {
    return `${prop}: this is a PRIVATE key; never give it to Nova or to synth: use the matching .pub file`;
  }
  // A key is a type word followed by its blob, whose base64 starts with "AAAA" (the type's length);
  // a comment that merely starts with "ssh-" is not one.
  const words = trimmed.split(/\s+/);
  const keyCount = words.filter(
    (word, i) => /^(ssh-|ecdsa-|sk-)[a-z0-9@.-]+$/.test(word) && /^AAAA/.test(words[i + 1] ?? ""),
  ).length;
  if (keyCount > 1) {
    return `${prop}: holds ${keyCount} keys; give exactly one, the contents of one .pub file (Nova registers one key per keypair)`;
  }
  const [type, blob] = trimmed.split(/\s+/);
  if (TOO_NEW[type ?? ""]) {
    return `${prop}: "${type}" keys need OpenSSH ${TOO_NEW[type]}, and the Stackato VM runs OpenSSH 5.9, which cannot use them; ${MAKE_ONE}`;
  }
  if (type === "ssh-dss") {
    return `${prop}: "ssh-dss" keys are 1024-bit DSA, too weak to protect a PaaS; ${MAKE_ONE}`;
  }
  if ((type !== "ssh-rsa" && !ECDSA_CURVES[type ?? ""]) || !blob || !/^[A-Za-z0-9+/]+={0,3}$/.test(blob)) {
    return `${prop}: not an OpenSSH public key (expected "ssh-rsa AAAA... comment", or ecdsa-sha2-nistp256/384/521); give the contents of a .pub file, or ${MAKE_ONE}`;
  }
  // The blob starts with its own key type, length-prefixed; a mismatch means a pasted fragment.
  const parts = wireStrings(Buffer.from(blob, "base64"));
  if (parts && parts.length > 0 && parts[0].toString("latin1") !== type) {
    return `${prop}: the key data does not match its type "${type}"; the key is truncated or mangled, copy the whole .pub line again`;
  }
  if (!parts) return `${prop}: the key data is truncated or mangled; copy the whole .pub line again`;
  return keyDataError(prop, type, parts);
}

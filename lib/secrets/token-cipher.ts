/**
 * AES-256-GCM for secrets at rest: GitHub tokens, webhook URLs and webhook signing secrets. None is
 * ever stored, logged or sent to the browser in plain text.
 *
 * Stored form: `v2.<key id>.<iv>.<tag>.<ciphertext>` (base64url), where
 * - the tag is always 16 bytes, and decryption refuses any other length (GCM would otherwise accept
 *   a truncated tag, which is far easier to forge);
 * - the ciphertext is bound to where it is stored (additional authenticated data such as
 *   `Account:github:1234:access_token` or `Team:<id>:webhookUrl`), so a value copied into another
 *   row or column does not decrypt;
 * - the key id names the key that encrypted it. A keyring holds the current key and previous ones:
 *   values are decrypted with the key they name and encrypted with the current one, so a key is
 *   rotated without downtime (`npm run rotate-key` re-encrypts what is left under old keys).
 * Values from before (`v1.<iv>.<tag>.<ciphertext>`: no key id, no binding) still decrypt with any
 * key of the ring, until rotate-key rewrites them as v2.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;

type Key = { id: string; key: Buffer };

export type Keyring = {
  /** Encrypts everything new. */
  current: Key;
  /** Every key that may decrypt, by id (the current one included). */
  byId: ReadonlyMap<string, Key>;
};

/** A stored value that cannot be decrypted: wrong key, tampered, moved, or not encrypted at all. */
export class SecretDecryptionError extends Error {
  override name = "SecretDecryptionError";
}

function decodeKey(base64Key: string): Buffer {
  const key = Buffer.from(base64Key, "base64");
  if (key.length !== 32) throw new Error("TOKEN_ENCRYPTION_KEY must decode to 32 bytes");
  return key;
}

/** A short public name for a key (a hash of it): says which key encrypted a value, reveals nothing. */
export function keyId(key: Buffer): string {
  return createHash("sha256").update("switchyard key id\0").update(key).digest("base64url").slice(0, 10);
}

/** The current key (encrypts and decrypts) and previous ones (decrypt only), each base64. */
export function createKeyring(currentKey: string, previousKeys: readonly string[] = []): Keyring {
  const entry = (base64Key: string): Key => {
    const key = decodeKey(base64Key);
    return { id: keyId(key), key };
  };
  const current = entry(currentKey);
  const byId = new Map<string, Key>([[current.id, current]]);
  for (const previous of previousKeys) {
    const key = entry(previous);
    if (!byId.has(key.id)) byId.set(key.id, key);
  }
  return { current, byId };
}

/** The keyring the environment configures (lib/env.ts), or null when no key is set. */
export function keyringFromEnv(env: {
  TOKEN_ENCRYPTION_KEY?: string;
  TOKEN_ENCRYPTION_KEYS_PREVIOUS?: readonly string[];
}): Keyring | null {
  return env.TOKEN_ENCRYPTION_KEY
    ? createKeyring(env.TOKEN_ENCRYPTION_KEY, env.TOKEN_ENCRYPTION_KEYS_PREVIOUS ?? [])
    : null;
}

/** Where a secret is stored: what its ciphertext is bound to. */
export const secretContext = {
  accountToken: (provider: string, providerAccountId: string, column: "access_token" | "refresh_token") =>
    `Account:${provider}:${providerAccountId}:${column}`,
  webhook: (
    table: "User" | "Team" | "EventSubscription",
    id: string,
    column: "webhookUrl" | "webhookSecret",
  ) => `${table}:${id}:${column}`,
};

export function encryptSecret(plain: string, keyring: Keyring, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, keyring.current.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [
    "v2",
    keyring.current.id,
    ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url")),
  ].join(".");
}

function open(key: Buffer, iv: Buffer, tag: Buffer, ciphertext: Buffer, context: string | null): string {
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new SecretDecryptionError("The stored secret is malformed (IV or authentication tag length).");
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  if (context !== null) decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("The stored secret does not decrypt here (wrong key, row or column).");
  }
}

/** Decrypts a value stored at `context`; throws SecretDecryptionError when it cannot. */
export function decryptSecret(stored: string, keyring: Keyring, context: string): string {
  const parts = stored.split(".");
  const bytes = (part: string | undefined) => Buffer.from(part ?? "", "base64url");
  if (parts[0] === "v2" && parts.length === 5) {
    const key = keyring.byId.get(parts[1]!);
    if (!key)
      throw new SecretDecryptionError(
        `The stored secret was encrypted with key ${parts[1]}, which is neither TOKEN_ENCRYPTION_KEY nor in TOKEN_ENCRYPTION_KEYS_PREVIOUS.`,
      );
    return open(key.key, bytes(parts[2]), bytes(parts[3]), bytes(parts[4]), context);
  }
  if (parts[0] === "v1" && parts.length === 4) {
    // No key id and no binding: whichever key of the ring authenticates it.
    for (const { key } of keyring.byId.values()) {
      try {
        return open(key, bytes(parts[1]), bytes(parts[2]), bytes(parts[3]), null);
      } catch (error) {
        if (!(error instanceof SecretDecryptionError)) throw error;
      }
    }
    throw new SecretDecryptionError("The stored secret (v1) does not decrypt with any configured key.");
  }
  throw new SecretDecryptionError("The stored value is not an encrypted secret.");
}

export function isEncryptedSecret(value: string): boolean {
  return /^v[12]\./.test(value);
}

/** True when the value is not in the current form: v1, plain text, or under a previous key. */
export function needsReencryption(stored: string, keyring: Keyring): boolean {
  return !stored.startsWith(`v2.${keyring.current.id}.`);
}

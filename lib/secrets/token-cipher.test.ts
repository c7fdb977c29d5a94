import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createKeyring,
  decryptSecret,
  encryptSecret,
  isEncryptedSecret,
  keyId,
  keyringFromEnv,
  needsReencryption,
  SecretDecryptionError,
  secretContext,
} from "./token-cipher";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");
const ring = createKeyring(keyA);
const here = secretContext.accountToken("github", "1001", "access_token");

/** What the cipher wrote before key ids and bindings: `v1.<iv>.<tag>.<ciphertext>`. */
function legacyV1(plain: string, base64Key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(base64Key, "base64"), iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

describe("token cipher", () => {
  it("round-trips without exposing the secret, naming the key that encrypted it", () => {
    const stored = encryptSecret("ghu_secretvalue123", ring, here);
    expect(stored).not.toContain("ghu_");
    expect(stored.startsWith(`v2.${ring.current.id}.`)).toBe(true);
    expect(ring.current.id).toBe(keyId(Buffer.from(keyA, "base64")));
    expect(isEncryptedSecret(stored)).toBe(true);
    expect(isEncryptedSecret("https://hooks.example.com/x")).toBe(false);
    expect(decryptSecret(stored, ring, here)).toBe("ghu_secretvalue123");
  });

  it("uses a fresh IV each time and refuses tampering or a wrong key", () => {
    const a = encryptSecret("gho_x", ring, here);
    expect(encryptSecret("gho_x", ring, here)).not.toBe(a);
    const parts = a.split(".");
    parts[4] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(parts.join("."), ring, here)).toThrow(SecretDecryptionError);
    // Another key, even one that claims the same id, does not decrypt.
    const impostor = createKeyring(keyB);
    expect(() => decryptSecret(a, impostor, here)).toThrow(/neither TOKEN_ENCRYPTION_KEY nor/);
    const relabelled = a.replace(ring.current.id, impostor.current.id);
    expect(() => decryptSecret(relabelled, impostor, here)).toThrow(SecretDecryptionError);
  });

  it("refuses a truncated authentication tag (GCM would accept a shorter one unless pinned)", () => {
    const stored = encryptSecret("ghu_token", ring, here);
    const parts = stored.split(".");
    const tag = Buffer.from(parts[3]!, "base64url");
    expect(tag).toHaveLength(16);
    for (const length of [4, 8, 12, 15]) {
      const truncated = [...parts.slice(0, 3), tag.subarray(0, length).toString("base64url"), parts[4]].join(
        ".",
      );
      expect(() => decryptSecret(truncated, ring, here), `${length}-byte tag`).toThrow(SecretDecryptionError);
    }
    const legacy = legacyV1("ghu_old", keyA).split(".");
    legacy[2] = Buffer.from(legacy[2]!, "base64url").subarray(0, 12).toString("base64url");
    expect(() => decryptSecret(legacy.join("."), ring, here)).toThrow(SecretDecryptionError);
  });

  it("binds each value to its row and column: a swapped value does not decrypt", () => {
    const alice = encryptSecret(
      "ghu_alice",
      ring,
      secretContext.accountToken("github", "1001", "access_token"),
    );
    expect(() =>
      decryptSecret(alice, ring, secretContext.accountToken("github", "1002", "access_token")),
    ).toThrow(SecretDecryptionError);
    expect(() =>
      decryptSecret(alice, ring, secretContext.accountToken("github", "1001", "refresh_token")),
    ).toThrow(SecretDecryptionError);
    const url = encryptSecret(
      "https://hooks.example.com/a",
      ring,
      secretContext.webhook("Team", "t1", "webhookUrl"),
    );
    expect(() => decryptSecret(url, ring, secretContext.webhook("Team", "t2", "webhookUrl"))).toThrow(
      SecretDecryptionError,
    );
    expect(() => decryptSecret(url, ring, secretContext.webhook("User", "t1", "webhookUrl"))).toThrow(
      SecretDecryptionError,
    );
    expect(() => decryptSecret(url, ring, secretContext.webhook("Team", "t1", "webhookSecret"))).toThrow(
      SecretDecryptionError,
    );
    expect(decryptSecret(url, ring, secretContext.webhook("Team", "t1", "webhookUrl"))).toBe(
      "https://hooks.example.com/a",
    );
  });

  it("rotates: the new key encrypts, the previous one still decrypts, until it is removed", () => {
    const before = encryptSecret("ghu_before", ring, here);
    const rotated = createKeyring(keyB, [keyA]);
    expect(decryptSecret(before, rotated, here)).toBe("ghu_before");
    expect(needsReencryption(before, rotated)).toBe(true);
    const after = encryptSecret("ghu_before", rotated, here);
    expect(after.startsWith(`v2.${rotated.current.id}.`)).toBe(true);
    expect(needsReencryption(after, rotated)).toBe(false);
    // Once the old key is gone, what it encrypted says which key it needs.
    const onlyNew = createKeyring(keyB);
    expect(decryptSecret(after, onlyNew, here)).toBe("ghu_before");
    expect(() => decryptSecret(before, onlyNew, here)).toThrow(ring.current.id);
  });

  it("still decrypts v1 values from before, with any key of the ring, and marks them for re-encryption", () => {
    const old = legacyV1("ghu_from_v1", keyA);
    expect(decryptSecret(old, ring, here)).toBe("ghu_from_v1");
    expect(decryptSecret(old, createKeyring(keyB, [keyA]), here)).toBe("ghu_from_v1");
    expect(needsReencryption(old, ring)).toBe(true);
    expect(() => decryptSecret(old, createKeyring(keyB), here)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret("https://plain.example.com", ring, here)).toThrow(/not an encrypted secret/);
  });

  it("builds the keyring from the environment", () => {
    expect(keyringFromEnv({})).toBeNull();
    const fromEnv = keyringFromEnv({
      TOKEN_ENCRYPTION_KEY: keyB,
      TOKEN_ENCRYPTION_KEYS_PREVIOUS: [keyA, keyB],
    })!;
    expect(fromEnv.current.id).toBe(createKeyring(keyB).current.id);
    expect([...fromEnv.byId.keys()].sort()).toEqual(
      [createKeyring(keyA).current.id, fromEnv.current.id].sort(),
    );
    expect(() => createKeyring("c2hvcnQ=")).toThrow(/32 bytes/);
  });
});

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptToken, encryptToken, isEncryptedToken } from "./token-cipher";

const key = randomBytes(32).toString("base64");

describe("token cipher", () => {
  it("round-trips without exposing the token", () => {
    const stored = encryptToken("ghu_secretvalue123", key);
    expect(stored).not.toContain("ghu_");
    expect(isEncryptedToken(stored)).toBe(true);
    expect(decryptToken(stored, key)).toBe("ghu_secretvalue123");
  });

  it("uses a fresh IV each time and rejects tampering or a wrong key", () => {
    const a = encryptToken("gho_x", key);
    expect(encryptToken("gho_x", key)).not.toBe(a);
    const parts = a.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptToken(parts.join("."), key)).toThrow();
    expect(() => decryptToken(a, randomBytes(32).toString("base64"))).toThrow();
  });
});

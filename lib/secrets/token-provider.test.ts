import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { startEmulator } from "@/github-emulator/server";
import { createKeyring, encryptSecret, secretContext } from "./token-cipher";
import { createTokenProvider, TokenUnavailableError } from "./token-provider";

const keyring = createKeyring(randomBytes(32).toString("base64"));
const seal = (accountId: string, column: "access_token" | "refresh_token", plain: string) =>
  encryptSecret(plain, keyring, secretContext.accountToken("github", accountId, column));
const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) });
let gh: Awaited<ReturnType<typeof startEmulator>>;

beforeAll(async () => {
  gh = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await gh.close();
  await db.$disconnect();
});

async function signedInUser(login: string, expiresInSeconds: number) {
  const minted = (await (
    await fetch(`${gh.url}/_emulator/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login, kind: "github_app" }),
    })
  ).json()) as { token: string; refresh_token: string };
  const user = await db.user.create({ data: { login: `${login}-${randomBytes(4).toString("hex")}` } });
  await db.account.create({
    data: {
      userId: user.id,
      type: "oauth",
      provider: "github",
      providerAccountId: user.id,
      access_token: seal(user.id, "access_token", minted.token),
      refresh_token: seal(user.id, "refresh_token", minted.refresh_token),
      expires_at: Math.floor(Date.now() / 1000) + expiresInSeconds,
    },
  });
  return { user, minted };
}

const userAgent = { "user-agent": "switchyard-test" };
const provider = () =>
  createTokenProvider({
    db,
    keyring,
    webUrl: gh.url,
    clientId: "switchyard-dev",
    clientSecret: "switchyard-dev-secret",
  });

describe("token provider (integration: Postgres + emulator)", () => {
  it("uses a short-lived token as is for the first half of its life, then refreshes it", async () => {
    const { user, minted } = await signedInUser("alice", 10);
    const now = Math.floor(Date.now() / 1000);
    // Issued just now with 10 s to live (less than the 120 s margin): fresh for 5 s.
    await db.account.updateMany({ where: { userId: user.id }, data: { tokenIssuedAt: now } });
    expect(await provider().tokenFor(user.id)).toBe(minted.token);
    // Issued 6 s ago: past half its life, so it is rotated.
    await db.account.updateMany({
      where: { userId: user.id },
      data: { tokenIssuedAt: now - 6, expires_at: now + 4 },
    });
    expect(await provider().tokenFor(user.id)).not.toBe(minted.token);
  });

  it("returns a fresh token as is", async () => {
    const { user, minted } = await signedInUser("alice", 3600);
    expect(await provider().tokenFor(user.id)).toBe(minted.token);
  });

  it("refreshes an expiring token exactly once for concurrent callers", async () => {
    const { user, minted } = await signedInUser("alice", 30);
    const [a, b, c] = await Promise.all([
      provider().tokenFor(user.id),
      provider().tokenFor(user.id),
      provider().tokenFor(user.id),
    ]);
    expect(a).not.toBe(minted.token);
    expect(b).toBe(a);
    expect(c).toBe(a);
    const account = await db.account.findFirstOrThrow({ where: { userId: user.id } });
    expect(account.tokenVersion).toBe(1);
    expect(account.access_token).not.toContain("ghu_");
    const me = await fetch(`${gh.url}/user`, { headers: { authorization: `Bearer ${a}`, ...userAgent } });
    expect(me.status).toBe(200);
    const old = await fetch(`${gh.url}/user`, {
      headers: { authorization: `Bearer ${minted.token}`, ...userAgent },
    });
    expect(old.status).toBe(401);
  });

  it("a revoked refresh token marks the account and asks the person to sign in again", async () => {
    const { user } = await signedInUser("bob", 30);
    await fetch(`${gh.url}/_emulator/users/bob/revoke-tokens`, { method: "POST" });
    await expect(provider().tokenFor(user.id)).rejects.toBeInstanceOf(TokenUnavailableError);
    const account = await db.account.findFirstOrThrow({ where: { userId: user.id } });
    expect(account.tokenProblem).toBe("token_expired");
    await expect(provider().tokenFor(user.id)).rejects.toThrow(/Sign in again/);
  });
});

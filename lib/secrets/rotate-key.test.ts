/**
 * `npm run rotate-key` against a real Postgres (a database of this file's own): every secret ends up
 * under the new key and still reads the same, a second run changes nothing, a refresh that holds the
 * account's row lock is never overwritten, and the command prints its counts.
 */
import { spawn } from "node:child_process";
import { createCipheriv, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { openWebhookField, sealWebhookField } from "@/lib/secrets/webhook-secrets";
import { migrateDeploy } from "@/scripts/lib/database";
import { isolatedDatabase } from "@/test/isolated-database";
import { rotateSecrets } from "./rotate-key";
import {
  createKeyring,
  decryptSecret,
  encryptSecret,
  secretContext,
  type Keyring,
} from "@/lib/secrets/token-cipher";
import { createTokenProvider } from "@/lib/secrets/token-provider";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");
const ringA = createKeyring(keyA);
const rotated = createKeyring(keyB, [keyA]);
const onlyB = createKeyring(keyB);

let databaseUrl: string;
let db: PrismaClient;

beforeAll(async () => {
  databaseUrl = await isolatedDatabase("rotate_key");
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
});
afterAll(async () => {
  await db?.$disconnect();
});

const token = (accountId: string, column: "access_token" | "refresh_token") =>
  secretContext.accountToken("github", accountId, column);

/** A v1 value, as the cipher wrote it before key ids and bindings. */
function legacyV1(plain: string, base64Key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(base64Key, "base64"), iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"))].join(".");
}

async function person(login: string, tokens: { access: string; refresh: string | null }, keyring: Keyring) {
  const user = await db.user.create({ data: { login: `${login}-${randomBytes(3).toString("hex")}` } });
  const providerAccountId = user.id;
  await db.account.create({
    data: {
      userId: user.id,
      type: "oauth",
      provider: "github",
      providerAccountId,
      access_token: encryptSecret(tokens.access, keyring, token(providerAccountId, "access_token")),
      refresh_token: tokens.refresh
        ? encryptSecret(tokens.refresh, keyring, token(providerAccountId, "refresh_token"))
        : null,
    },
  });
  return user;
}

function runCli(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/rotate-key.ts")], {
      env: { ...process.env, AUTH_GITHUB_ID: "rotate-test", AUTH_GITHUB_SECRET: "x", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("rotate-key", () => {
  it("re-encrypts tokens and webhook fields under the new key, then has nothing left to do", async () => {
    const alice = await person("alice", { access: "ghu_alice", refresh: "ghr_alice" }, ringA);
    const bob = await person("bob", { access: "gho_bob", refresh: null }, ringA);
    // A v1 token from before key ids.
    await db.account.updateMany({
      where: { userId: bob.id },
      data: { access_token: legacyV1("gho_bob", keyA) },
    });
    // A personal webhook under the old key, and a team's webhook saved before encryption at rest.
    const owner = { table: "User" as const, id: alice.id };
    await db.user.update({
      where: { id: alice.id },
      data: {
        webhookUrl: sealWebhookField(
          ringA,
          owner,
          "webhookUrl",
          "https://hooks.slack.com/services/T/B/alice",
        ),
        webhookSecret: sealWebhookField(ringA, owner, "webhookSecret", "whsec_alice"),
      },
    });
    const team = await db.team.create({
      data: {
        name: `rotate-${randomBytes(3).toString("hex")}`,
        webhookUrl: "https://hooks.example.com/t",
        webhookSecret: "whsec_team",
      },
    });

    const first = await rotateSecrets(db, rotated);
    expect(first.accounts).toEqual({ reencrypted: 2, current: 0, unreadable: [] });
    expect(first.webhooks).toEqual({ reencrypted: 4, plaintext: 2, current: 0, unreadable: [] });

    // Everything now reads with the new key alone, and says the same as before.
    const accounts = await db.account.findMany({ where: { userId: { in: [alice.id, bob.id] } } });
    for (const account of accounts) {
      expect(account.access_token!.startsWith(`v2.${onlyB.current.id}.`)).toBe(true);
      expect(account.tokenVersion).toBe(0);
    }
    const aliceAccount = accounts.find((a) => a.userId === alice.id)!;
    expect(
      decryptSecret(aliceAccount.access_token!, onlyB, token(aliceAccount.providerAccountId, "access_token")),
    ).toBe("ghu_alice");
    expect(
      decryptSecret(
        aliceAccount.refresh_token!,
        onlyB,
        token(aliceAccount.providerAccountId, "refresh_token"),
      ),
    ).toBe("ghr_alice");
    const provider = createTokenProvider({
      db,
      keyring: onlyB,
      webUrl: "http://127.0.0.1:9",
      clientId: "x",
      clientSecret: "y",
    });
    expect(await provider.tokenFor(bob.id)).toBe("gho_bob");
    const storedUser = await db.user.findUniqueOrThrow({ where: { id: alice.id } });
    expect(openWebhookField(onlyB, owner, "webhookUrl", storedUser.webhookUrl!)).toBe(
      "https://hooks.slack.com/services/T/B/alice",
    );
    const storedTeam = await db.team.findUniqueOrThrow({ where: { id: team.id } });
    expect(storedTeam.webhookUrl).not.toContain("hooks.example.com");
    expect(
      openWebhookField(onlyB, { table: "Team", id: team.id }, "webhookSecret", storedTeam.webhookSecret!),
    ).toBe("whsec_team");

    // Idempotent: a second run finds everything current.
    const second = await rotateSecrets(db, rotated);
    expect(second.accounts).toEqual({ reencrypted: 0, current: 2, unreadable: [] });
    expect(second.webhooks).toEqual({ reencrypted: 0, plaintext: 0, current: 4, unreadable: [] });
  });

  it("waits for a refresh holding the account's row lock and keeps the refreshed tokens", async () => {
    const carol = await person("carol", { access: "ghu_old", refresh: "ghr_old" }, ringA);
    const account = await db.account.findFirstOrThrow({ where: { userId: carol.id } });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    // What the token provider does while GitHub rotates the pair: lock, wait for GitHub, write, commit.
    const refreshing = db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ${account.id} FOR UPDATE`;
        locked();
        await released;
        await tx.account.update({
          where: { id: account.id },
          data: {
            access_token: encryptSecret("ghu_new", rotated, token(account.providerAccountId, "access_token")),
            refresh_token: encryptSecret(
              "ghr_new",
              rotated,
              token(account.providerAccountId, "refresh_token"),
            ),
            tokenVersion: { increment: 1 },
          },
        });
      },
      { timeout: 20_000 },
    );
    await lockTaken;
    const rotation = rotateSecrets(db, rotated);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    const [, report] = await Promise.all([refreshing, rotation]);
    expect(report.accounts.unreadable).toEqual([]);
    const after = await db.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(decryptSecret(after.access_token!, onlyB, token(account.providerAccountId, "access_token"))).toBe(
      "ghu_new",
    );
    expect(
      decryptSecret(after.refresh_token!, onlyB, token(account.providerAccountId, "refresh_token")),
    ).toBe("ghr_new");
    expect(after.tokenVersion).toBe(1);
  });

  it("as a command: prints its counts, leaves what it cannot read, and says so", async () => {
    const dave = await person("dave", { access: "ghu_dave", refresh: null }, ringA);
    // A token under a key nobody configured any more.
    const lost = createKeyring(randomBytes(32).toString("base64"));
    const erin = await person("erin", { access: "ghu_erin", refresh: null }, lost);
    const env = {
      DATABASE_URL: databaseUrl,
      TOKEN_ENCRYPTION_KEY: keyB,
      TOKEN_ENCRYPTION_KEYS_PREVIOUS: keyA,
    };

    const first = await runCli(env);
    expect(first.output).toContain(
      `rotate-key: current key ${onlyB.current.id}; previous keys: ${ringA.current.id}`,
    );
    expect(first.output).toMatch(/accounts: 1 re-encrypted, \d+ already under the current key, 1 unreadable/);
    const erinAccount = await db.account.findFirstOrThrow({ where: { userId: erin.id } });
    expect(first.output).toContain(`could not decrypt (left unchanged): Account ${erinAccount.id}`);
    expect(first.code).toBe(1);
    const daveAccount = await db.account.findFirstOrThrow({ where: { userId: dave.id } });
    expect(daveAccount.access_token!.startsWith(`v2.${onlyB.current.id}.`)).toBe(true);

    await db.account.delete({ where: { id: erinAccount.id } });
    const second = await runCli(env);
    expect(second.output).toMatch(
      /accounts: 0 re-encrypted, \d+ already under the current key, 0 unreadable/,
    );
    expect(second.output).toMatch(/webhook fields: 0 re-encrypted \(0 were plain text\)/);
    expect(second.code).toBe(0);
  });
});

describe("upgrading a database from before encryption at rest", () => {
  it("reduces stored delivery URLs to their host (the migration's SQL)", async () => {
    const url = await isolatedDatabase("webhook_host_migration");
    const scratch = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    try {
      // The table as it was: a full URL per delivery.
      await scratch.$executeRawUnsafe(`ALTER TABLE "WebhookDelivery" RENAME COLUMN "host" TO "url"`);
      const urls = [
        "https://hooks.slack.com/services/T000/B000/secret-path",
        "http://127.0.0.1:4000/hooks/user-1?token=abc",
        "https://Hooks.Example.com:8443/x#frag",
        "not a url",
      ];
      for (const [index, value] of urls.entries())
        await scratch.$executeRaw`
          INSERT INTO "WebhookDelivery" (id, "targetType", "targetId", "eventKey", url, body)
          VALUES (${`d${index}`}, 'user', 'u', ${`e${index}`}, ${value}, '{}'::jsonb)`;
      const migration = readFileSync(
        path.resolve("prisma/migrations/20261201150000_webhook_secrets_at_rest/migration.sql"),
        "utf8",
      );
      await scratch.$executeRawUnsafe(`ALTER TABLE "WebhookDelivery" ALTER COLUMN "url" SET NOT NULL`);
      for (const statement of migration.split(";").filter((sql) => sql.replace(/--.*$/gm, "").trim()))
        await scratch.$executeRawUnsafe(statement);
      const rows = await scratch.webhookDelivery.findMany({ orderBy: { id: "asc" } });
      expect(rows.map((row) => row.host)).toEqual([
        "hooks.slack.com",
        "127.0.0.1:4000",
        "hooks.example.com:8443",
        null,
      ]);
    } finally {
      await scratch.$disconnect();
    }
  });

  it("encrypts webhook settings saved in plain text when migrations are applied with the key", async () => {
    const url = await isolatedDatabase("legacy_webhooks");
    const scratch = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    try {
      const user = await scratch.user.create({
        data: {
          login: "legacy",
          webhookUrl: "https://hooks.slack.com/services/T/B/old",
          webhookSecret: "whsec_old",
        },
      });
      await migrateDeploy(url, { TOKEN_ENCRYPTION_KEY: keyB });
      const stored = await scratch.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(stored.webhookUrl).toMatch(new RegExp(`^v2\\.${onlyB.current.id}\\.`));
      const owner = { table: "User" as const, id: user.id };
      expect(openWebhookField(onlyB, owner, "webhookUrl", stored.webhookUrl!)).toBe(
        "https://hooks.slack.com/services/T/B/old",
      );
      expect(openWebhookField(onlyB, owner, "webhookSecret", stored.webhookSecret!)).toBe("whsec_old");
      // Applying again changes nothing.
      await migrateDeploy(url, { TOKEN_ENCRYPTION_KEY: keyB });
      expect((await scratch.user.findUniqueOrThrow({ where: { id: user.id } })).webhookUrl).toBe(
        stored.webhookUrl,
      );
    } finally {
      await scratch.$disconnect();
    }
  });
});

/**
 * Shared by the sync integration tests and `npm run bench:sync`: an emulator, a Prisma client,
 * signed-in people with encrypted refreshable tokens, and the emulator's own truth to compare with.
 */
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "@/github-emulator/server";
import { createKeyring, encryptSecret, secretContext } from "@/lib/secrets/token-cipher";
import { createTokenProvider } from "@/lib/secrets/token-provider";
import { createGitHubClient } from "@/lib/github";
import type { SyncConfig, SyncDeps } from "@/lib/sync/common";
import { emulatorControl } from "./emulator-control";

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export async function startHarness(options: { databaseUrl: string; emulator?: Partial<EmulatorOptions> }) {
  const gh: RunningEmulator = await startEmulator({ port: 0, ...options.emulator });
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: options.databaseUrl, max: 20 }) });
  const tokenKey = randomBytes(32).toString("base64");
  const keyring = createKeyring(tokenKey);
  const tokens = createTokenProvider({
    db,
    keyring,
    webUrl: gh.url,
    clientId: "switchyard-dev",
    clientSecret: "switchyard-dev-secret",
  });

  const control = emulatorControl(gh.url);

  /** Signs a person in: a User with their GitHub id and an Account holding encrypted tokens. */
  async function signIn(login: string): Promise<string> {
    const person = gh.state.store.user(login);
    if (!person) throw new Error(`unknown emulator user ${login}`);
    const minted = await control<{ token: string; refresh_token: string }>("POST", "/tokens", {
      login,
      kind: "github_app",
    });
    const user = await db.user.upsert({
      where: { githubId: person.id },
      create: { githubId: person.id, login },
      update: {},
    });
    const seal = (column: "access_token" | "refresh_token", plain: string) =>
      encryptSecret(plain, keyring, secretContext.accountToken("github", String(person.id), column));
    await db.account.upsert({
      where: { provider_providerAccountId: { provider: "github", providerAccountId: String(person.id) } },
      create: {
        userId: user.id,
        type: "oauth",
        provider: "github",
        providerAccountId: String(person.id),
        access_token: seal("access_token", minted.token),
        refresh_token: seal("refresh_token", minted.refresh_token),
        expires_at: Math.floor(Date.now() / 1000) + 8 * 3600,
      },
      update: {
        access_token: seal("access_token", minted.token),
        refresh_token: seal("refresh_token", minted.refresh_token),
        expires_at: Math.floor(Date.now() / 1000) + 8 * 3600,
        tokenProblem: null,
      },
    });
    return user.id;
  }

  function deps(workerId = "test-worker", config: Partial<SyncConfig> = {}, timeoutMs = 2_000): SyncDeps {
    return {
      db,
      workerId,
      config,
      clientFor: async (userId, options) =>
        createGitHubClient({
          token: await tokens.tokenFor(userId, options),
          baseUrl: gh.url,
          waitUnitMs: 5,
          timeoutMs,
          actingFor: userId,
        }),
    };
  }

  /** What GitHub (the emulator) holds for a person's tasks right now. */
  function truth(login: string) {
    gh.state.engine.tick();
    const engine = gh.state.engine;
    return (gh.state.store.tasksByCreator.get(login) ?? []).map((task) => ({
      id: task.id,
      state: engine.state(task),
      // The API reports whole seconds.
      updatedAt: new Date(Math.floor(engine.updatedAt(task) / 1000) * 1000).toISOString(),
      archived: task.archivedAt !== null,
      sessions: task.sessions.length,
    }));
  }

  /** The store's copy of a person's tasks, in the same shape as `truth`. */
  async function stored(login: string) {
    const person = gh.state.store.user(login)!;
    const rows = await db.task.findMany({
      where: { creatorGithubId: BigInt(person.id) },
      select: { id: true, state: true, githubUpdatedAt: true, archivedAt: true, sessionCount: true },
    });
    return rows.map((row) => ({
      id: row.id,
      state: row.state as string,
      updatedAt: row.githubUpdatedAt.toISOString(),
      archived: row.archivedAt !== null,
      sessions: row.sessionCount,
    }));
  }

  /**
   * Removes what the emulator's people (GitHub ids below 900,000) left in the store. Other test
   * files use ids above that, so they can run at the same time.
   */
  async function clearStore() {
    await db.$transaction([
      db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('switchyard:task-writes', 0))`,
      db.$executeRaw`DELETE FROM "Launch" WHERE "taskId" IN (SELECT id FROM "Task" WHERE coalesce("creatorGithubId", 0) < 900000)`,
      db.$executeRaw`DELETE FROM "Task" WHERE coalesce("creatorGithubId", 0) < 900000`,
      db.$executeRaw`DELETE FROM "TaskDailyChange" WHERE "creatorGithubId" BETWEEN 0 AND 899999`,
      db.$executeRaw`DELETE FROM "RepositorySyncState"`,
      db.$executeRaw`DELETE FROM "Repository" r WHERE r.id < 900000000 AND NOT EXISTS (SELECT 1 FROM "Task" t WHERE t."repositoryId" = r.id)`,
      db.$executeRaw`DELETE FROM "UserSyncState"`,
    ]);
  }

  /**
   * Starts a task on GitHub (the emulator) as `login` in acme/`repo` that completes after a minute,
   * with a pull request when asked; returns its id.
   */
  async function startCompletingTask(login: string, repo: string, name: string, createPullRequest = true) {
    const { token } = await control<{ token: string }>("POST", "/tokens", { login, kind: "pat" });
    const response = await fetch(`${gh.url}/agents/repos/acme/${repo}/tasks`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "user-agent": "switchyard-test",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        prompt: `${name}\n[emulator:outcome=completed]\n[emulator:queue_seconds=5]\n[emulator:run_seconds=60]`,
        create_pull_request: createPullRequest,
      }),
    });
    if (response.status !== 201) throw new Error(`task start answered ${response.status}`);
    return ((await response.json()) as { id: string }).id;
  }

  return {
    gh,
    db,
    tokenKey,
    keyring,
    control,
    signIn,
    deps,
    startCompletingTask,
    truth,
    stored,
    clearStore,
    close: async () => {
      await gh.close();
      await db.$disconnect();
    },
  };
}

export const byId = <T extends { id: string }>(rows: T[]) =>
  [...rows].sort((a, b) => a.id.localeCompare(b.id));

/**
 * The real sign-in flow without a browser: Auth.js's own route handlers (built from
 * lib/auth/auth-config.ts, as the app builds them), the GitHub emulator's OAuth pages, and a
 * database of the test file's own. Requests carry a cookie jar like a browser.
 */
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import NextAuth from "next-auth";
import { PrismaClient } from "@/generated/prisma/client";
import { startEmulator, type RunningEmulator } from "@/github-emulator/server";
import { sessionReader, switchyardAuthConfig, type AuthDeps } from "@/lib/auth/auth-config";
import { createKeyring } from "@/lib/secrets/token-cipher";
import { createTokenProvider } from "@/lib/secrets/token-provider";
import { createGitHubClient } from "@/lib/github";
import type { SyncDeps } from "@/lib/sync/common";
import { isolatedDatabase } from "@/test/isolated-database";
import { migrateJobQueue } from "@/worker/runner";
import { emulatorControl } from "./emulator-control";

export const APP_URL = "http://localhost:3999";

export type AuthEnv = AuthDeps["env"];

export async function startAuthHarness(name: string) {
  const databaseUrl = await isolatedDatabase(name);
  await migrateJobQueue(databaseUrl);
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  const gh: RunningEmulator = await startEmulator({ port: 0, seedTasks: false });
  const tokenKey = randomBytes(32).toString("base64");
  const keyring = createKeyring(tokenKey);
  const secret = randomBytes(33).toString("base64");

  const env = (overrides: Partial<AuthEnv> = {}): AuthEnv => ({
    NODE_ENV: "test",
    AUTH_URL: undefined,
    AUTH_GITHUB_ID: "switchyard-dev",
    AUTH_GITHUB_SECRET: "switchyard-dev-secret",
    GITHUB_WEB_URL: gh.url,
    GITHUB_API_URL: gh.url,
    SWITCHYARD_ADMINS: ["alice"],
    SWITCHYARD_ALLOWED_ORGS: ["acme"],
    SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS: false,
    ...overrides,
  });

  /** Auth.js's GET/POST handlers for this configuration (what app/api/auth/[...nextauth] serves). */
  function app(overrides: Partial<AuthEnv> = {}) {
    const { handlers } = NextAuth({
      ...switchyardAuthConfig({ db, env: env(overrides), tokenKey: keyring }),
      secret,
    });
    return (request: Request) =>
      (request.method === "POST" ? handlers.POST : handlers.GET)(
        request as Parameters<typeof handlers.GET>[0],
      ) as Promise<Response>;
  }

  /** How pages, actions and routes read a session (lib/auth/session.ts), for this configuration. */
  const readSession = (token: string, overrides: Partial<AuthEnv> = {}) =>
    sessionReader({ db, env: env(overrides), tokenKey: keyring })(token);

  /** A browser: a cookie jar and requests to the app. */
  function browser(handler = app()) {
    const jar = new Map<string, string>();
    const send = async (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
      const response = await handler(new Request(new URL(path, APP_URL), { ...init, headers }));
      for (const line of response.headers.getSetCookie()) {
        const [pair, ...attributes] = line.split(";");
        const [key, ...value] = pair!.split("=");
        const expired = attributes.some((a) => /^\s*(max-age=0|expires=Thu, 01 Jan 1970)/i.test(a));
        if (expired) jar.delete(key!.trim());
        else jar.set(key!.trim(), value.join("="));
      }
      return response;
    };
    return {
      jar,
      send,
      use(next: ReturnType<typeof app>) {
        handler = next;
      },
      sessionToken: () => jar.get("authjs.session-token") ?? null,
      /**
       * "Sign in with GitHub" → the emulator's page (choosing `login`) → the callback. Returns where
       * the callback sent the browser.
       */
      async signIn(login: string, callbackUrl = "/tasks"): Promise<URL> {
        const { csrfToken } = (await (await send("/api/auth/csrf")).json()) as { csrfToken: string };
        const start = await send("/api/auth/signin/github", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrfToken, callbackUrl }),
        });
        const authorize = new URL(start.headers.get("location") ?? "");
        if (!authorize.href.startsWith(gh.url)) throw new Error(`sign-in did not go to GitHub: ${authorize}`);
        authorize.searchParams.set("login", login);
        const github = await fetch(authorize, { redirect: "manual" });
        const back = new URL(github.headers.get("location") ?? "");
        const callback = await send(`${back.pathname}${back.search}`);
        return new URL(callback.headers.get("location") ?? "", APP_URL);
      },
      async session(): Promise<{ user: { id: string; login: string; role: string } } | null> {
        return (await (await send("/api/auth/session")).json()) as never;
      },
      async signOut() {
        const { csrfToken } = (await (await send("/api/auth/csrf")).json()) as { csrfToken: string };
        return send("/api/auth/signout", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrfToken }),
        });
      },
    };
  }

  const control = emulatorControl(gh.url);

  const tokens = createTokenProvider({
    db,
    keyring,
    webUrl: gh.url,
    clientId: "switchyard-dev",
    clientSecret: "switchyard-dev-secret",
  });
  /** What the worker gets: a GitHub client acting as a person, with their stored token. */
  const workerDeps: SyncDeps = {
    db,
    workerId: `test-${name}`,
    clientFor: async (userId, options) =>
      createGitHubClient({
        token: await tokens.tokenFor(userId, options),
        baseUrl: gh.url,
        waitUnitMs: 5,
        retries: 1,
        timeoutMs: 5_000,
      }),
  };

  return {
    db,
    gh,
    env,
    app,
    browser,
    readSession,
    control,
    workerDeps,
    close: async () => {
      await gh.close();
      await db.$disconnect();
    },
  };
}

/**
 * /api/v1 end to end through its route handlers, against a real Postgres of its own and the GitHub
 * emulator: bearer tokens only (a session does not count), every route's scope, expired and
 * revoked tokens, an owner who lost access, rate limits, Idempotency-Key under 20 concurrent
 * requests, template launches on several repositories, audit records of API writes, and every
 * answer the tests got validated against the served OpenAPI description (the contract test).
 * Only the way Switchyard reaches GitHub as the owner is replaced: a client on the emulator.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => {
  const { isolatedDatabase } = await import("@/test/isolated-database");
  process.env.DATABASE_URL = await isolatedDatabase("api_v1");
});
vi.mock("@/lib/auth/session", () => import("@/test/signed-in-session"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
const github = vi.hoisted(() => ({ client: null as unknown }));
vi.mock("@/lib/auth/user-github", async () => {
  const { db } = await import("@/lib/db");
  return {
    actingAs: (user: { id: string; login: string; role: "admin" | "member" }) => ({
      db,
      user: { id: user.id, login: user.login, role: user.role },
      withClient: (work: (client: unknown) => Promise<unknown>) => work(github.client),
    }),
  };
});

import { startEmulator, type RunningEmulator } from "@/github-emulator/server";
import { API_ENDPOINTS } from "@/lib/api/v1";
import { isApiHandler, type Endpoint } from "@/lib/api/route";
import { createApiToken } from "@/lib/api/tokens";
import { RATE_LIMIT_PER_MINUTE } from "@/lib/api/usage";
import type { ApiScope } from "@/lib/api/scopes";
import { API_SCOPES } from "@/lib/api/scopes";
import { db } from "@/lib/db";
import { createGitHubClient } from "@/lib/github";
import { ensureRepositories } from "@/lib/sync/store";
import { session } from "@/test/signed-in-session";
import { GET as openApiJson } from "@/app/api/v1/openapi.json/route";

type Handler = (
  request: Request,
  context?: { params?: Promise<Record<string, string>> },
) => Promise<Response>;

let gh: RunningEmulator;
let owner: { id: string; login: string };
const REPOS = ["api-v1-0001", "api-v1-0002", "api-v1-0003"];
let templateId: string;
const seen: { method: string; path: string; status: number; body: unknown }[] = [];

async function control<T = unknown>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${gh.url}/_emulator${url}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`emulator ${method} ${url}: ${response.status}`);
  return (await response.json()) as T;
}

/** The route file that serves an endpoint, as Next would find it. */
function routeFileOf(endpoint: Endpoint): string {
  return path.join(process.cwd(), "app/api/v1", endpoint.path.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
}

const handlers = new Map<Endpoint, Handler>();

/** Calls /api/v1 through the route file Next would use; records the answer for the contract test. */
async function call(
  method: "GET" | "POST",
  url: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
) {
  const pathname = url.split("?")[0]!;
  const match = (API_ENDPOINTS as Endpoint[])
    .map((endpoint) => {
      const pattern = new RegExp(`^${endpoint.path.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`);
      return { endpoint, found: endpoint.method === method ? pattern.exec(pathname) : null };
    })
    .find(({ found }) => found);
  if (!match?.found) throw new Error(`no endpoint for ${method} ${url}`);
  const handler = handlers.get(match.endpoint)!;
  const response = await handler(
    new Request(`http://localhost/api/v1${url}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined && method === "POST" ? { "content-type": "application/json" } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined && method === "POST" ? { body: JSON.stringify(options.body) } : {}),
    }),
    { params: Promise.resolve({ ...match.found.groups }) },
  );
  const body = (await response.json()) as Record<string, unknown>;
  seen.push({ method: method.toLowerCase(), path: match.endpoint.path, status: response.status, body });
  return { status: response.status, body, headers: response.headers };
}

async function token(scopes: readonly ApiScope[], options: { days?: number; userId?: string } = {}) {
  return (
    await createApiToken(
      db,
      { id: options.userId ?? owner.id },
      {
        name: `test ${scopes.join(" ")}`,
        scopes,
        expiresInDays: options.days ?? 30,
      },
    )
  ).token;
}

const emulatorTasks = () =>
  gh.state.store.data.tasks.filter((task) => task.sessions[0]?.prompt.includes("api-v1-test"));

beforeAll(async () => {
  gh = await startEmulator({ port: 0, seedTasks: false });
  await control("POST", "/repos/bulk", { org: "acme", count: REPOS.length, prefix: "api-v1-" });
  const { token: githubToken } = await control<{ token: string }>("POST", "/tokens", {
    login: "alice",
    kind: "oauth_app",
  });
  github.client = createGitHubClient({ token: githubToken, baseUrl: gh.url, waitUnitMs: 5 });
  const alice = gh.state.store.user("alice")!;
  const user = await db.user.create({ data: { login: "alice", githubId: alice.id } });
  owner = { id: user.id, login: "alice" };
  const repositories = REPOS.map((name) => ({
    id: String(gh.state.store.repo("acme", name)!.id),
    owner: "acme",
    name,
  }));
  await ensureRepositories(db, repositories);
  await db.repositoryAccess.createMany({
    data: repositories.map((repository) => ({ userId: user.id, repositoryId: BigInt(repository.id) })),
  });
  const template = await db.template.create({
    data: {
      slug: "api-v1-test",
      name: "API test",
      versions: {
        create: {
          version: 1,
          body: "api-v1-test: update {{params.topic}} in {{repo.name}}",
          parameters: [{ name: "topic", label: "Topic", type: "text", required: true }],
        },
      },
    },
  });
  templateId = template.id;
  for (const endpoint of API_ENDPOINTS as Endpoint[]) {
    const routeModule = (await import(routeFileOf(endpoint))) as Record<string, Handler>;
    handlers.set(endpoint, routeModule[endpoint.method]!);
  }
});

afterAll(async () => {
  await gh?.close();
});

describe("the routes", () => {
  it("every endpoint is served by its route file with apiHandler", () => {
    for (const endpoint of API_ENDPOINTS as Endpoint[]) {
      expect(existsSync(routeFileOf(endpoint)), routeFileOf(endpoint)).toBe(true);
      expect(isApiHandler(handlers.get(endpoint)), `${endpoint.method} ${endpoint.path}`).toBe(true);
    }
  });
});

describe("authentication and scopes", () => {
  const sample = (endpoint: Endpoint) => endpoint.path.replace(/\{id\}/g, "cl0000000000000000000000");

  it("no token, a malformed one or an unknown one is 401 signed_out on every route, even with a session", async () => {
    session.user = { id: owner.id, login: owner.login, role: "member" };
    try {
      for (const endpoint of API_ENDPOINTS as Endpoint[]) {
        for (const bad of [
          null,
          "nope",
          "syt_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ]) {
          const answer = await call(endpoint.method, sample(endpoint), { token: bad, body: {} });
          expect(answer.status, `${endpoint.method} ${endpoint.path}`).toBe(401);
          expect(answer.body.code).toBe("signed_out");
          expect(answer.headers.get("www-authenticate")).toBe("Bearer");
        }
      }
    } finally {
      session.user = null;
    }
  });

  it("a token without the endpoint's scope is 403 on every route, and the refusal is recorded", async () => {
    for (const endpoint of API_ENDPOINTS as Endpoint[]) {
      const others = API_SCOPES.filter((scope) => !endpoint.scopes.includes(scope));
      const answer = await call(endpoint.method, sample(endpoint), { token: await token(others), body: {} });
      expect(answer.status, `${endpoint.method} ${endpoint.path}`).toBe(403);
      expect(answer.body.code).toBe("forbidden");
      expect(answer.headers.get("ratelimit-policy")).toContain(`q=${RATE_LIMIT_PER_MINUTE}`);
    }
    expect(await db.auditEvent.count({ where: { action: "api.refused", actorId: owner.id } })).toBe(
      API_ENDPOINTS.length,
    );
  });

  it("a token with the scope gets past it on every route (whatever the operation then says)", async () => {
    const all = await token(API_SCOPES);
    for (const endpoint of API_ENDPOINTS as Endpoint[]) {
      const answer = await call(endpoint.method, sample(endpoint), { token: all, body: {} });
      expect([200, 201, 202, 400, 404, 409], `${endpoint.method} ${endpoint.path}`).toContain(answer.status);
    }
  });

  it("an expired token fails; a revoked one fails on its next request", async () => {
    const expiring = await token(["costs:read"]);
    expect((await call("GET", "/costs", { token: expiring })).status).toBe(200);
    await db.apiToken.updateMany({ where: { userId: owner.id }, data: {} });
    const prefix = expiring.split("_")[1]!;
    await db.apiToken.update({ where: { prefix }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await call("GET", "/costs", { token: expiring });
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/expired/);

    const revoking = await token(["costs:read"]);
    expect((await call("GET", "/costs", { token: revoking })).status).toBe(200);
    await db.apiToken.update({ where: { prefix: revoking.split("_")[1]! }, data: { revokedAt: new Date() } });
    const revoked = await call("GET", "/costs", { token: revoking });
    expect(revoked.status).toBe(401);
    expect(revoked.body.message).toMatch(/revoked/);
  });

  it("a right prefix with a wrong secret fails", async () => {
    const real = await token(["costs:read"]);
    const forged = `${real.slice(0, -4)}${real.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    expect((await call("GET", "/costs", { token: forged })).status).toBe(401);
  });

  it("an owner who lost access to Switchyard gets 403, and their use is back when access is", async () => {
    const other = await db.user.create({ data: { login: "api-lost", githubId: 970_990_001 } });
    const lost = await token(["costs:read"], { userId: other.id });
    expect((await call("GET", "/costs", { token: lost })).status).toBe(200);
    await db.user.update({ where: { id: other.id }, data: { accessRevokedAt: new Date() } });
    const answer = await call("GET", "/costs", { token: lost });
    expect(answer.status).toBe(403);
    expect(answer.body.message).toMatch(/no longer has access/);
  });

  it("rate-limits a token past its quota a minute with RateLimit headers and Retry-After", async () => {
    const busy = await token(["costs:read"]);
    // The clock stands still a second into the next minute, so all requests fall in one window.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Math.floor(Date.now() / 60_000) * 60_000 + 61_000);
    try {
      for (let i = 1; i <= RATE_LIMIT_PER_MINUTE; i++) {
        const answer = await call("GET", "/costs", { token: busy });
        expect(answer.status).toBe(200);
        expect(answer.headers.get("ratelimit")).toBe(`"per-token";r=${RATE_LIMIT_PER_MINUTE - i};t=59`);
      }
      const over = await call("GET", "/costs", { token: busy });
      expect(over.status).toBe(429);
      expect(over.body.code).toBe("rate_limited");
      expect(over.headers.get("ratelimit")).toBe(`"per-token";r=0;t=59`);
      expect(over.headers.get("retry-after")).toBe("59");
      vi.setSystemTime(Date.now() + 60_000);
      expect((await call("GET", "/costs", { token: busy })).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
    const usage = await db.apiTokenUsage.findMany({ where: { token: { prefix: busy.split("_")[1]! } } });
    expect(usage.map((row) => row.reads).sort()).toEqual([1, RATE_LIMIT_PER_MINUTE + 1]);
  });
});

describe("starting tasks", () => {
  it("starts a task as the token's owner, recorded as an API write, visible through the API", async () => {
    const writer = await token(["tasks:write", "tasks:read"]);
    const started = await call("POST", "/tasks", {
      token: writer,
      body: { owner: "acme", repo: "api-v1-0001", prompt: "api-v1-test: add a CHANGELOG entry" },
    });
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    const launch = await db.launch.findFirstOrThrow({ where: { taskId: id } });
    expect(launch.userId).toBe(owner.id);
    const record = await db.auditEvent.findFirstOrThrow({ where: { action: "task.start", targetId: id } });
    expect(record).toMatchObject({ actorId: owner.id, githubIdentity: "alice" });
    expect(record.details).toMatchObject({ via: "api" });
    const read = await call("GET", `/tasks/${id}`, { token: writer });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, repository: "acme/api-v1-0001", launchedBy: "alice" });
  });

  it("20 concurrent requests with one Idempotency-Key start exactly one task and all get its answer", async () => {
    const writer = await token(["tasks:write"]);
    const before = emulatorTasks().length;
    const body = { owner: "acme", repo: "api-v1-0002", prompt: "api-v1-test: exactly once" };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        call("POST", "/tasks", { token: writer, body, headers: { "idempotency-key": "once-1" } }),
      ),
    );
    expect(emulatorTasks().length).toBe(before + 1);
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get("idempotent-replayed") === "true")).toHaveLength(19);

    const again = await call("POST", "/tasks", {
      token: writer,
      body,
      headers: { "idempotency-key": "once-1" },
    });
    expect(again.body.id).toBe(answers[0]!.body.id);
    expect(emulatorTasks().length).toBe(before + 1);

    const other = await call("POST", "/tasks", {
      token: writer,
      body: { ...body, prompt: "api-v1-test: something else" },
      headers: { "idempotency-key": "once-1" },
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency_mismatch");
    expect(emulatorTasks().length).toBe(before + 1);
  });

  it("bad input is 400 with field errors and starts nothing", async () => {
    const writer = await token(["tasks:write"]);
    const before = emulatorTasks().length;
    const answer = await call("POST", "/tasks", { token: writer, body: { owner: "acme", repo: "../x" } });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe("invalid_input");
    expect(answer.body.fieldErrors).toBeDefined();
    const notJson = await call("POST", "/tasks", {
      token: writer,
      headers: { "content-type": "text/plain" },
    });
    expect(notJson.status).toBe(400);
    expect(emulatorTasks().length).toBe(before);
  });

  it("launches a template on several repositories, one task each", async () => {
    const writer = await token(["tasks:write"]);
    const answer = await call("POST", `/templates/${templateId}/launches`, {
      token: writer,
      body: {
        repositories: [
          { owner: "acme", repo: "api-v1-0002" },
          { owner: "acme", repo: "api-v1-0003" },
        ],
        parameters: { topic: "the README" },
      },
    });
    expect(answer.status).toBe(201);
    const results = answer.body.results as { ok: boolean; repository: string; task?: { id: string } }[];
    expect(results.map((result) => [result.repository, result.ok])).toEqual([
      ["acme/api-v1-0002", true],
      ["acme/api-v1-0003", true],
    ]);
    const prompts = gh.state.store.data.tasks
      .filter((task) => results.some((result) => result.task?.id === task.id))
      .map((task) => task.sessions[0]?.prompt);
    expect(prompts.sort()).toEqual([
      "api-v1-test: update the README in api-v1-0002",
      "api-v1-test: update the README in api-v1-0003",
    ]);
    const missing = await call("POST", `/templates/${templateId}/launches`, {
      token: writer,
      body: { repositories: [{ owner: "acme", repo: "api-v1-0001" }] },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.fieldErrors).toHaveProperty(["param.topic"]);
  });

  it("lists tasks with the queue's filters, keyset-paged with a Link header", async () => {
    const reader = await token(["tasks:read"]);
    const first = await call(
      "GET",
      "/tasks?limit=2&repo=acme/api-v1-0001,acme/api-v1-0002,acme/api-v1-0003",
      {
        token: reader,
      },
    );
    expect(first.status).toBe(200);
    expect((first.body.items as unknown[]).length).toBe(2);
    const link = first.headers.get("link")!;
    expect(link).toMatch(/^<\/api\/v1\/tasks\?.*cursor=.*>; rel="next"$/);
    const next = await call("GET", link.slice(1, link.indexOf(">")).replace("/api/v1", ""), {
      token: reader,
    });
    expect(next.status).toBe(200);
    const ids = [...(first.body.items as { id: string }[]), ...(next.body.items as { id: string }[])].map(
      (task) => task.id,
    );
    expect(new Set(ids).size).toBe(ids.length);
    const bad = await call("GET", "/tasks?state=nonsense", { token: reader });
    expect(bad.status).toBe(400);
  });

  it("reads costs and triage", async () => {
    const reader = await token(["costs:read", "triage:write"]);
    const costs = await call("GET", "/costs?period=month", { token: reader });
    expect(costs.status).toBe(200);
    expect(costs.body).toMatchObject({ period: "month" });
    const triage = await call("GET", "/triage?view=all", { token: reader });
    expect(triage.status).toBe(200);
    const act = await call("POST", "/triage/actions", { token: reader, body: { op: "claim" } });
    expect(act.status).toBe(400);
  });

  it("creates a campaign, reads it, and refuses launching it before a dry run", async () => {
    const writer = await token(["campaigns:write"]);
    const version = await db.templateVersion.findFirstOrThrow({ where: { templateId } });
    const created = await call("POST", "/campaigns", {
      token: writer,
      body: {
        name: "API campaign",
        templateVersionId: version.id,
        owner: "me",
        targetKind: "list",
        repositories: "acme/api-v1-0001\nacme/api-v1-0002",
        "param.topic": "docs",
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const read = await call("GET", `/campaigns/${id}`, { token: writer });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ campaign: { id, status: "draft" } });
    const launch = await call("POST", `/campaigns/${id}/launch`, { token: writer });
    expect(launch.status).toBe(409);
    const pause = await call("POST", `/campaigns/${id}/pause`, { token: writer });
    expect([409, 400]).toContain(pause.status);
    const dryRun = await call("POST", `/campaigns/${id}/dry-run`, { token: writer });
    expect(dryRun.status).toBe(202);
    const record = await db.auditEvent.findFirstOrThrow({
      where: { action: "campaign.create", targetId: id },
    });
    expect(record.details).toMatchObject({ via: "api" });
  });
});

describe("the OpenAPI description", () => {
  it("describes every endpoint, and every answer these tests got matches it", async () => {
    const document = (await (await openApiJson()).json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
      >;
    };
    expect(document.openapi).toBe("3.1.0");
    for (const endpoint of API_ENDPOINTS as Endpoint[])
      expect(document.paths[endpoint.path]?.[endpoint.method.toLowerCase()]).toBeDefined();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat("date-time", true).addFormat("date", true);
    expect(seen.length).toBeGreaterThan(100);
    for (const answer of seen) {
      const schema =
        document.paths[answer.path]?.[answer.method]?.responses[String(answer.status)]?.content?.[
          "application/json"
        ]?.schema;
      expect(schema, `${answer.method} ${answer.path} ${answer.status} is described`).toBeDefined();
      const validate = ajv.compile(schema!);
      expect(
        validate(answer.body),
        `${answer.method} ${answer.path} ${answer.status}: ${ajv.errorsText(validate.errors)}`,
      ).toBe(true);
    }
  });
});

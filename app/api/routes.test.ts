/**
 * Every JSON route under app/api goes through jsonRoute, and no crafted input gets a 500: signed
 * out is 401, a bad cursor, date, id, limit or character is 400 with the shared codes, an unknown
 * campaign 404, a second export at once 429; an unexpected error is a 500 that says nothing more.
 * The routes are called as Next calls them, with the session mocked, against a database of this
 * file's own.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SignedInUser } from "@/lib/auth/session";

await vi.hoisted(async () => {
  const { isolatedDatabase } = await import("@/test/isolated-database");
  process.env.DATABASE_URL = await isolatedDatabase("json_routes");
});
const session = vi.hoisted(() => ({ user: null as SignedInUser | null }));
vi.mock("@/lib/auth/session", () => ({
  currentUser: async () => session.user,
  requireUser: async () => {
    if (!session.user) throw new Error("signed out");
    return session.user;
  },
}));

import { GET as campaign } from "@/app/api/campaigns/[id]/route";
import { GET as dashboard } from "@/app/api/dashboard/route";
import { GET as branches } from "@/app/api/launch/branches/route";
import { GET as repositories } from "@/app/api/launch/repositories/route";
import { GET as notifications } from "@/app/api/notifications/route";
import { GET as search } from "@/app/api/search/route";
import { GET as exportTasks } from "@/app/api/tasks/export/route";
import { GET as tasks } from "@/app/api/tasks/route";
import { fail } from "@/lib/result";
import { encodeCursor } from "@/lib/dal/tasks";
import { db } from "@/lib/db";
import { FailureError } from "@/lib/errors";
import { GitHubError } from "@/lib/github";
import type { TaskRow } from "@/lib/sync/mapping";
import { ensureRepositories, upsertTasks } from "@/lib/sync/store";
import { isJsonRoute, jsonRoute } from "@/lib/http/route";
import { isApiHandler } from "@/lib/api/route";

type Handler = (
  request: Request,
  context?: { params?: Promise<Record<string, string>> },
) => Promise<Response>;

const BASE = "http://localhost/api";
const call = (handler: Handler, url: string, params?: Record<string, string>) =>
  handler(new Request(`${BASE}${url}`), params ? { params: Promise.resolve(params) } : undefined);

beforeAll(async () => {
  const user = await db.user.create({ data: { login: "routes-tester", githubId: 990_301 } });
  session.user = { id: user.id, login: "routes-tester", role: "member" };
  await ensureRepositories(db, [{ id: "990300001", owner: "routes", name: "repo" }]);
  await db.repositoryAccess.create({ data: { userId: user.id, repositoryId: 990_300_001n } });
  const rows: TaskRow[] = Array.from({ length: 5 }, (_, i) => ({
    id: `route-task-${i}`,
    repositoryId: "990300001",
    creatorGithubId: "990301",
    creatorType: "user",
    state: i % 2 ? "failed" : "completed",
    name: `Route task ${i}`,
    htmlUrl: null,
    apiUrl: null,
    customAgent: null,
    sessionCount: 1,
    headRef: null,
    baseRef: null,
    pullRequestId: null,
    pullRequestGlobalId: null,
    createdAt: new Date(Date.now() - i * 60_000).toISOString(),
    githubUpdatedAt: new Date(Date.now() - i * 1000).toISOString(),
    archivedAt: null,
  }));
  await db.$transaction((tx) => upsertTasks(tx, rows, "user_list"));
});

afterAll(async () => {
  await db.$disconnect();
});

/** Route files under app/api, but Auth.js's own and the public health check. */
function routeFiles(dir = path.join(process.cwd(), "app/api")): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return entry === "route.ts" ? [full] : [];
  });
}

describe("JSON routes", () => {
  it("every route under app/api (but Auth.js, /api/health and the OpenAPI description) is made with jsonRoute, or apiHandler under /api/v1", async () => {
    const files = routeFiles().filter((file) => !/\/api\/(auth|health|v1\/openapi\.json)\//.test(file));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const exported = (await import(file)) as Record<string, unknown>;
      const handlers = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((method) => method in exported);
      expect(handlers.length, file).toBeGreaterThan(0);
      const made = file.includes("/api/v1/") ? isApiHandler : isJsonRoute;
      for (const method of handlers) expect(made(exported[method]), `${file} ${method}`).toBe(true);
    }
  });

  it("answers 401 with signed_out to someone without a session, on every route", async () => {
    const user = session.user;
    session.user = null;
    try {
      for (const [handler, url, params] of [
        [tasks, "/tasks"],
        [exportTasks, "/tasks/export"],
        [dashboard, "/dashboard"],
        [notifications, "/notifications"],
        [campaign, "/campaigns/x", { id: "x" }],
        [branches, "/launch/branches?repo=acme/x"],
        [repositories, "/launch/repositories?q=x"],
        [search, "/search?q=x"],
      ] as [Handler, string, Record<string, string>?][]) {
        const response = await call(handler, url, params);
        expect(response.status, url).toBe(401);
        expect(await response.json()).toMatchObject({ code: "signed_out" });
      }
    } finally {
      session.user = user;
    }
  });

  it("the queue and the export answer 400 to crafted cursors, dates, ids, limits and characters", async () => {
    const badCursors = [
      "!!!",
      "x".repeat(501),
      Buffer.from("not json").toString("base64url"),
      encodeCursor({ key: "x", id: "route-task-1" }),
    ];
    const bad = [
      ...badCursors.map((cursor) => `cursor=${encodeURIComponent(cursor)}`),
      // BigInt("x") and new Date("x") used to reach the database as 500s.
      `sort=cost&cursor=${encodeCursor({ key: "x", id: "a" })}`,
      `sort=cost&cursor=${encodeCursor({ key: "2026-01-01T00:00:00.000Z", id: "a" })}`,
      `sort=updated&cursor=${encodeCursor({ key: "12", id: "a" })}`,
      `cursor=${encodeCursor({ key: "2026-01-01T00:00:00.000Z", id: "a'; --" })}`,
      "createdFrom=2026-02-30",
      "createdFrom=0000-01-01",
      "updatedTo=yesterday",
      "createdTo=99999-01-01",
      "campaign=%00",
      "template=..%2F..%2Fetc",
      "model=%00",
      "q=%00",
      "state=bogus",
      "sort=sideways",
      "scope=everyone",
      "repo=not-a-repo",
      "creator=" + "x".repeat(40),
      "limit=0",
      "limit=abc",
      "limit=1000",
    ];
    for (const query of bad) {
      const response = await call(tasks, `/tasks?${query}`);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { code: string; fieldErrors?: Record<string, string[]> };
      expect(body.code, query).toBe("invalid_input");
      expect(Object.keys(body.fieldErrors ?? {}).length, query).toBeGreaterThan(0);
      if (query.startsWith("limit") || query.includes("cursor")) continue;
      const exported = await call(exportTasks, `/tasks/export?${query}`);
      expect(exported.status, `export ${query}`).toBe(400);
    }
  });

  it("a real page link works, and pages never leave the viewer's repositories", async () => {
    const first = await call(tasks, "/tasks?limit=2&sort=cost");
    expect(first.status).toBe(200);
    const page = (await first.json()) as { rows: { id: string }[]; nextCursor: string };
    expect(page.rows).toHaveLength(2);
    const second = await call(tasks, `/tasks?limit=2&sort=cost&cursor=${page.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.headers.get("cache-control")).toContain("no-store");
  });

  it("the other routes answer 400 to bad input and 404 to an unknown campaign", async () => {
    for (const [handler, url, params, status] of [
      [dashboard, "/dashboard?scope=everyone", undefined, 400],
      [dashboard, "/dashboard?scope=mine", undefined, 200],
      [campaign, "/campaigns/x", { id: "../../etc" }, 400],
      [campaign, "/campaigns/x", { id: "a".repeat(65) }, 400],
      [campaign, "/campaigns/x", { id: "no-such-campaign" }, 404],
      [branches, "/launch/branches", undefined, 400],
      [branches, "/launch/branches?repo=acme", undefined, 400],
      [branches, "/launch/branches?repo=acme/x/y", undefined, 400],
      [branches, "/launch/branches?repo=ac%20me/x", undefined, 400],
      [repositories, `/launch/repositories?q=${"x".repeat(201)}`, undefined, 400],
      [notifications, "/notifications", undefined, 200],
      [search, `/search?q=${"x".repeat(301)}`, undefined, 400],
      [search, "/search?q=a%00b", undefined, 400],
      [search, "/search?q=x", undefined, 200],
    ] as [Handler, string, Record<string, string> | undefined, number][]) {
      const response = await call(handler, url, params);
      expect(response.status, `${url} ${JSON.stringify(params)}`).toBe(status);
      if (status === 400) expect(await response.json()).toMatchObject({ code: "invalid_input" });
      if (status === 404) expect(await response.json()).toMatchObject({ code: "not_found" });
    }
  });

  it("exports JSON with the CSV's filters, visibility, cap and audit record", async () => {
    // A failed task in a repository the person cannot see: never in their export.
    await ensureRepositories(db, [{ id: "990300002", owner: "routes", name: "hidden" }]);
    await db.$transaction((tx) =>
      upsertTasks(
        tx,
        [
          {
            id: "route-hidden-task",
            repositoryId: "990300002",
            creatorGithubId: "990301",
            creatorType: "user",
            state: "failed",
            name: "Hidden route task",
            htmlUrl: null,
            apiUrl: null,
            customAgent: null,
            sessionCount: 1,
            headRef: null,
            baseRef: null,
            pullRequestId: null,
            pullRequestGlobalId: null,
            createdAt: new Date().toISOString(),
            githubUpdatedAt: new Date().toISOString(),
            archivedAt: null,
          },
        ],
        "user_list",
      ),
    );
    const response = await call(exportTasks, "/tasks/export?state=failed&format=json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-disposition")).toMatch(/switchyard-tasks-\d{12}\.json/);
    const body = (await response.json()) as { tasks: { id: string; state: string }[]; truncated: boolean };
    expect(body.tasks.map((task) => task.id).sort()).toEqual(["route-task-1", "route-task-3"]);
    expect(body).toMatchObject({ truncated: false, rowLimit: 50000 });
    const record = await db.auditEvent.findFirstOrThrow({
      where: { action: "task.export", actorId: session.user!.id },
      orderBy: { at: "desc" },
    });
    expect(record.details).toMatchObject({
      filters: "state=failed",
      format: "json",
      rows: 2,
      truncated: false,
    });
    expect((await call(exportTasks, "/tasks/export?format=xml")).status).toBe(400);

    // At its cap the file stops and says so, as the CSV does.
    const { beginTaskExport } = await import("@/lib/dal/task-export");
    const { jsonDownload } = await import("@/lib/http/json-download");
    const { DEFAULT_TASK_FILTERS } = await import("@/lib/validations/task-filters");
    const run = await beginTaskExport(session.user!, DEFAULT_TASK_FILTERS, undefined, 2, "json");
    const capped = jsonDownload({
      name: "t",
      key: "tasks",
      rows: run.rows,
      summary: () => ({ truncated: run.progress().truncated }),
      onEnd: run.end,
    });
    expect(await capped.json()).toMatchObject({ tasks: [{}, {}], truncated: true });
    const cut = await db.auditEvent.findFirstOrThrow({
      where: { action: "task.export", actorId: session.user!.id },
      orderBy: { at: "desc" },
    });
    expect(cut.details).toMatchObject({ format: "json", rows: 2, truncated: true, limit: 2 });
  });

  it("exports one at a time per person (429 meanwhile), says its cap, and audits what went out", async () => {
    const first = await call(exportTasks, "/tasks/export?state=failed");
    expect(first.status).toBe(200);
    expect(first.headers.get("x-switchyard-row-limit")).toBe("50000");
    const second = await call(exportTasks, "/tasks/export");
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBe("10");
    expect(await second.json()).toMatchObject({ code: "rate_limited" });
    const csv = await first.text();
    expect(csv.trim().split("\r\n")).toHaveLength(1 + 2);
    const record = await db.auditEvent.findFirstOrThrow({
      where: { action: "task.export", actorId: session.user!.id },
      orderBy: { at: "desc" },
    });
    expect(record.details).toMatchObject({ filters: "state=failed", rows: 2, truncated: false });
    // Finished: the next export may start; one abandoned half way is recorded as cancelled.
    const third = await call(exportTasks, "/tasks/export");
    expect(third.status).toBe(200);
    await third.body!.cancel();
    const cancelled = await db.auditEvent.findFirstOrThrow({
      where: { action: "task.export", actorId: session.user!.id },
      orderBy: { at: "desc" },
    });
    expect(cancelled.outcome).toBe("cancelled");
    expect((await call(exportTasks, "/tasks/export")).status).toBe(200);
  });

  it("maps typed failures to their status, and says nothing about an unexpected error", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const cases: [() => Promise<never>, number, string][] = [
        [async () => Promise.reject(new FailureError("conflict", "Taken.")), 409, "conflict"],
        [
          async () =>
            Promise.reject(new GitHubError("not_found", "That repository was not found.", { status: 404 })),
          404,
          "not_found",
        ],
        [async () => Promise.reject(new Error("password=hunter2 at db.internal:5432")), 500, "unknown"],
      ];
      for (const [handler, status, code] of cases) {
        const response = await jsonRoute({}, handler)(new Request(`${BASE}/x`));
        expect(response.status).toBe(status);
        const text = await response.text();
        expect(JSON.parse(text)).toMatchObject({ code });
        expect(text).not.toContain("hunter2");
      }
      const refused = await jsonRoute({}, async () => fail("forbidden", "Not yours."))(
        new Request(`${BASE}/x`),
      );
      expect(refused.status).toBe(403);
    } finally {
      logged.mockRestore();
    }
  });
});

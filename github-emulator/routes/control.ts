import { z } from "zod";
import type { Emulator } from "../core/emulator";
import { TASK_STATES, type Outcome, type TaskRecord } from "../core/model";
import { Random } from "../core/random";
import { OUTCOMES, pickWeighted } from "../core/scenarios";
import { SEED_PROMPTS } from "../seed/prompts";
import { githubError, HttpError } from "../http/errors";
import { Router } from "../http/router";
import type { ApiRequest, ApiResponse } from "../http/types";
import { createRepository } from "./repos";

const outcome = z.enum(OUTCOMES as [Outcome, ...Outcome[]]);
const state = z.enum(TASK_STATES);
const weights = z.partialRecord(outcome, z.number().min(0));

/** Exported for typed control clients (the e2e `emulator` fixture); the router below is the API. */
export const schemas = {
  advance: z.object({ seconds: z.number() }),
  reset: z.object({ keep: z.array(z.enum(["tokens"])).default([]) }),
  settings: z
    .object({
      tokenMode: z.enum(["github_app", "oauth_app"]),
      accessTokenTtlSeconds: z.number().int().positive(),
      refreshTokenTtlSeconds: z.number().int().positive(),
      speed: z.number().positive(),
      primaryRateLimit: z.number().int().min(0),
      secondaryCreateLimitPerMinute: z.number().int().min(0),
      taskTimeoutMinutes: z.number().positive(),
      primaryLimitStatus: z.union([z.literal(403), z.literal(429)]),
      secondaryLimitStatus: z.union([z.literal(403), z.literal(429)]),
    })
    .partial(),
  scenario: z.object({ weights, reset: z.boolean().optional() }),
  transition: z.object({
    state,
    /** `now` (default) applies it immediately; `next` replaces the planned outcome keeping its time. */
    when: z.enum(["now", "next"]).default("now"),
    then: z.object({ outcome, afterSeconds: z.number().min(0) }).optional(),
  }),
  followUp: z.object({
    prompt: z.string().min(1),
    login: z.string().optional(),
    outcome: outcome.optional(),
  }),
  fault: z.object({
    type: z.enum(["status", "latency", "reset", "drop_response", "malformed_json"]),
    path: z.string().default("**"),
    method: z.string().optional(),
    status: z.number().int().min(100).max(599).optional(),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    latencyMs: z.number().min(0).optional(),
    count: z.number().int().positive().optional(),
    probability: z.number().min(0).max(1).optional(),
  }),
  token: z.object({
    login: z.string(),
    kind: z.enum(["pat", "oauth_app", "github_app"]).default("pat"),
    scopes: z.array(z.string()).default(["repo", "read:org", "read:user", "user:email"]),
  }),
  bulkTasks: z.object({
    login: z.string(),
    count: z.number().int().positive().max(100_000),
    repos: z.union([z.number().int().positive(), z.array(z.string())]).optional(),
    stateMix: z.partialRecord(state, z.number().min(0)).optional(),
    spreadDays: z.number().positive().default(14),
    createPullRequest: z.boolean().default(false),
    archivedShare: z.number().min(0).max(1).default(0),
    seed: z.number().int().optional(),
  }),
  bulkRepos: z.object({
    org: z.string().default("acme"),
    count: z.number().int().positive().max(10_000),
    prefix: z.string().default("bench-repo-"),
  }),
  bulkUsers: z.object({
    count: z.number().int().positive().max(10_000),
    prefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .default("fleet-"),
    /** Organisation they join as members (with a Copilot Business seat). */
    org: z.string().default("acme"),
  }),
  touch: z.object({
    fraction: z.number().min(0).max(1),
    login: z.string().optional(),
    seed: z.number().int().optional(),
  }),
  pullAction: z.object({ login: z.string().optional() }).default({}),
  review: z.object({
    login: z.string(),
    state: z.enum(["APPROVED", "CHANGES_REQUESTED", "COMMENTED"]),
    body: z.string().default(""),
  }),
  approveWorkflows: z.object({ login: z.string().default("alice") }).default({ login: "alice" }),
  checks: z.object({
    conclusion: z.enum(["success", "failure", "neutral", "cancelled", "skipped", "timed_out"]),
    login: z.string().default("alice"),
  }),
  status: z.object({
    state: z.enum(["error", "failure", "pending", "success"]),
    context: z.string().min(1).default("ci/external"),
    description: z.string().nullable().default(null),
    login: z.string().default("alice"),
  }),
  membership: z
    .object({
      role: z.enum(["admin", "member"]).default("member"),
      /** `pending`: invited, not yet accepted (not a member until then). */
      state: z.enum(["active", "pending"]).default("active"),
    })
    .default({ role: "member", state: "active" }),
};

function parse<T extends z.ZodType>(schema: T, req: ApiRequest): z.infer<T> {
  let value: unknown = {};
  const text = req.rawBody.toString("utf8").trim();
  if (text) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new HttpError(githubError(400, "Problems parsing JSON"));
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError({
      status: 422,
      body: { message: "Invalid control request", issues: result.error.issues },
    });
  }
  return result.data;
}

const ok = (body: unknown, status = 200): ApiResponse => ({ status, body });

export function controlRouter(emu: Emulator): Router {
  const router = new Router();
  const none = { auth: "optional" } as const;
  const add = (method: string, template: string, handler: (req: ApiRequest) => ApiResponse) =>
    router.add(method, template, handler, none);

  const taskOr404 = (req: ApiRequest): TaskRecord => {
    const task = emu.store.tasksById.get(req.params.id ?? "");
    if (!task) throw new HttpError(githubError(404, "Not Found"));
    return task;
  };
  const describe = (task: TaskRecord) => emu.engine.describe(task);

  add("GET", "/_emulator/health", () => ok({ ok: true }));

  add("GET", "/_emulator/state", () =>
    ok({
      now: new Date(emu.clock.now()).toISOString(),
      clockOffsetSeconds: emu.clock.offsetMs / 1000,
      publicUrl: emu.publicUrl,
      settings: emu.settings,
      counts: {
        users: emu.store.data.users.length,
        repos: emu.store.data.repos.length,
        tasks: emu.store.data.tasks.length,
        pulls: emu.store.data.pulls.length,
        tokens: emu.store.data.tokens.filter((t) => !t.revoked).length,
      },
    }),
  );

  add("POST", "/_emulator/reset", (req) => {
    const { keep } = parse(schemas.reset, req);
    emu.reset({ keepTokens: keep.includes("tokens") });
    return ok({ ok: true, tasks: emu.store.data.tasks.length });
  });

  add("POST", "/_emulator/clock/advance", (req) => {
    const { seconds } = parse(schemas.advance, req);
    emu.clock.advance(seconds);
    const changed = emu.engine.tick();
    emu.store.touch();
    return ok({ now: new Date(emu.clock.now()).toISOString(), transitions: changed });
  });

  add("GET", "/_emulator/settings", () => ok(emu.settings));
  add("PATCH", "/_emulator/settings", (req) => {
    Object.assign(emu.store.data.settings, parse(schemas.settings, req));
    emu.store.touch();
    return ok(emu.settings);
  });

  add("GET", "/_emulator/scenario", () => ok({ weights: emu.settings.scenarioWeights }));
  add("PUT", "/_emulator/scenario", (req) => {
    const body = parse(schemas.scenario, req);
    const base = body.reset
      ? { completed: 0, failed: 0, waiting_for_user: 0, idle: 0, timed_out: 0, cancelled: 0 }
      : emu.settings.scenarioWeights;
    emu.store.data.settings.scenarioWeights = { ...base, ...body.weights };
    emu.store.touch();
    return ok({ weights: emu.settings.scenarioWeights });
  });

  add("GET", "/_emulator/users", () =>
    ok(
      emu.store.data.users.map((u) => ({
        id: u.id,
        login: u.login,
        name: u.name,
        copilot_plan: u.copilotPlan,
        orgs: emu.store.data.orgs.flatMap((o) => {
          const role = o.members[u.login];
          const pending = o.pendingMembers?.[u.login];
          if (role) return [{ login: o.login, role, state: "active" }];
          return pending ? [{ login: o.login, role: pending, state: "pending" }] : [];
        }),
        collaborator_on: emu.store.data.repos
          .filter((r) => r.collaborators[u.login])
          .map((r) => `${r.owner}/${r.name}`),
        teams: emu.store.data.teams.filter((t) => t.members[u.login]).map((t) => `${t.org}/${t.slug}`),
      })),
    ),
  );

  // People for fleet-sized runs: `<prefix>0001…`, members of `org` with a Copilot seat, ids from 2,000,000.
  add("POST", "/_emulator/users/bulk", (req) => {
    const body = parse(schemas.bulkUsers, req);
    const org = emu.store.org(body.org);
    if (!org) throw new HttpError(githubError(404, `Unknown organization ${body.org}`));
    const now = emu.clock.now();
    let created = 0;
    for (let i = 1; i <= body.count; i++) {
      const login = `${body.prefix}${String(i).padStart(4, "0")}`;
      if (emu.store.user(login)) continue;
      const id = 2_000_000 + emu.store.data.users.length;
      emu.store.addUser({
        id,
        login,
        name: `Fleet person ${i}`,
        company: `@${org.login}`,
        location: null,
        bio: null,
        blog: "",
        twitterUsername: null,
        emails: [
          { email: `${login}@${org.login}.example`, primary: true, verified: true, visibility: "private" },
        ],
        copilotPlan: "business",
        createdAt: now,
        siteAdmin: false,
      });
      org.members[login] = "member";
      created++;
    }
    emu.store.touch();
    return ok({ created, total: emu.store.data.users.length }, 201);
  });

  add("POST", "/_emulator/tokens", (req) => {
    const body = parse(schemas.token, req);
    const user = emu.store.user(body.login);
    if (!user) throw new HttpError(githubError(404, `Unknown user ${body.login}`));
    const token = emu.tokens.issue({
      login: user.login,
      clientId: emu.options.clientId,
      scopes: body.scopes,
      kind: body.kind,
    });
    return ok(
      {
        token: token.token,
        kind: token.kind,
        login: user.login,
        expires_at: token.expiresAt !== null ? new Date(token.expiresAt).toISOString() : null,
        refresh_token: token.refreshToken,
      },
      201,
    );
  });

  const orgAndUser = (req: ApiRequest) => {
    const org = emu.store.org(req.params.org ?? "");
    const user = emu.store.user(req.params.login ?? "");
    if (!org || !user) throw new HttpError(githubError(404, "Not Found"));
    return { org, user };
  };

  // Membership changes take effect at once, as on GitHub: tokens stay valid, access follows the org.
  add("PUT", "/_emulator/orgs/{org}/members/{login}", (req) => {
    const { org, user } = orgAndUser(req);
    const body = parse(schemas.membership, req);
    delete org.members[user.login];
    if (org.pendingMembers) delete org.pendingMembers[user.login];
    if (body.state === "active") org.members[user.login] = body.role;
    else (org.pendingMembers ??= {})[user.login] = body.role;
    emu.store.touch();
    return ok({ org: org.login, login: user.login, role: body.role, state: body.state });
  });

  // Removing someone from an organization also removes them from its teams (GitHub does the same).
  add("DELETE", "/_emulator/orgs/{org}/members/{login}", (req) => {
    const { org, user } = orgAndUser(req);
    const removed = org.members[user.login] !== undefined || org.pendingMembers?.[user.login] !== undefined;
    delete org.members[user.login];
    if (org.pendingMembers) delete org.pendingMembers[user.login];
    for (const team of emu.store.data.teams) if (team.org === org.login) delete team.members[user.login];
    emu.store.touch();
    return ok({ org: org.login, login: user.login, removed });
  });

  add("POST", "/_emulator/users/{login}/revoke-tokens", (req) => {
    const user = emu.store.user(req.params.login ?? "");
    if (!user) throw new HttpError(githubError(404, "Not Found"));
    return ok({ revoked: emu.tokens.revokeAll(user.login) });
  });

  add("POST", "/_emulator/rate-limit/reset", () => {
    emu.rateLimiter.reset();
    return ok({ ok: true });
  });

  add("GET", "/_emulator/tasks/{id}", (req) => ok(describe(taskOr404(req))));

  add("POST", "/_emulator/tasks/{id}/transition", (req) => {
    const task = taskOr404(req);
    const body = parse(schemas.transition, req);
    if (body.when === "next") {
      if (body.state === "queued" || body.state === "in_progress") {
        throw new HttpError(githubError(422, "`next` takes an outcome state, not queued/in_progress"));
      }
      emu.engine.setNextState(task, body.state as Outcome);
    } else {
      emu.engine.forceState(task, body.state, body.then);
    }
    return ok(describe(task));
  });

  add("POST", "/_emulator/tasks/{id}/sessions", (req) => {
    const task = taskOr404(req);
    const body = parse(schemas.followUp, req);
    emu.engine.addFollowUpSession(task, {
      prompt: body.prompt,
      userLogin: body.login ?? task.creatorLogin,
      ...(body.outcome ? { plan: { outcome: body.outcome } } : {}),
    });
    return ok(describe(task), 201);
  });

  add("POST", "/_emulator/tasks/{id}/archive", (req) => {
    const task = taskOr404(req);
    emu.engine.setArchived(task, true);
    return ok(describe(task));
  });
  add("POST", "/_emulator/tasks/{id}/unarchive", (req) => {
    const task = taskOr404(req);
    emu.engine.setArchived(task, false);
    return ok(describe(task));
  });

  add("POST", "/_emulator/tasks/bulk", (req) => {
    const body = parse(schemas.bulkTasks, req);
    const user = emu.store.user(body.login);
    if (!user) throw new HttpError(githubError(404, `Unknown user ${body.login}`));
    const writable = emu.store.data.repos.filter((r) => {
      const p = emu.store.permission(user.login, r);
      return p === "write" || p === "admin";
    });
    const repos =
      body.repos === undefined
        ? writable
        : typeof body.repos === "number"
          ? writable.slice(-body.repos)
          : body.repos.map((name) => {
              const [owner, repo] = name.includes("/") ? name.split("/") : ["acme", name];
              const found = emu.store.repo(owner ?? "", repo ?? "");
              if (!found) throw new HttpError(githubError(404, `Unknown repository ${name}`));
              return found;
            });
    if (repos.length === 0) throw new HttpError(githubError(422, "No repositories to create tasks in"));
    const mix: Partial<Record<(typeof TASK_STATES)[number], number>> = body.stateMix ?? {
      completed: 0.6,
      failed: 0.15,
      in_progress: 0.05,
      queued: 0.02,
      waiting_for_user: 0.08,
      idle: 0.05,
      cancelled: 0.03,
      timed_out: 0.02,
    };
    const random = new Random(body.seed ?? emu.options.seed + emu.store.data.tasks.length);
    const now = emu.clock.now();
    const started = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < body.count; i++) {
      const repo = repos[i % repos.length]!;
      const target = pickWeighted(mix as Record<string, number>, random.next());
      const createdAt = now - Math.round(random.next() * body.spreadDays * 86_400_000);
      const runSeconds = 120 + random.int(0, 1800);
      const live = target === "queued" || target === "in_progress";
      const task = emu.engine.createTask({
        repo,
        creatorLogin: user.login,
        prompt: `${SEED_PROMPTS[i % SEED_PROMPTS.length]} (#${i + 1})`,
        createPullRequest: body.createPullRequest,
        baseRef: repo.defaultBranch,
        createdAt: live ? now - random.int(0, 30) * 1000 : createdAt,
        id: random.uuid(),
        sessionId: random.uuid(),
        plan: live
          ? { outcome: "completed", queueSeconds: target === "queued" ? 3600 : 0, runSeconds: 3600 * 4 }
          : { outcome: target as Outcome, queueSeconds: 5, runSeconds },
      });
      if (random.next() < body.archivedShare) task.archivedAt = emu.engine.updatedAt(task);
      ids.push(task.id);
    }
    emu.store.touch();
    return ok(
      {
        created: ids.length,
        repos: repos.length,
        ms: Date.now() - started,
        first: ids[0],
        last: ids[ids.length - 1],
      },
      201,
    );
  });

  add("POST", "/_emulator/tasks/touch", (req) => {
    const body = parse(schemas.touch, req);
    const pool = body.login ? (emu.store.tasksByCreator.get(body.login) ?? []) : emu.store.data.tasks;
    const count = Math.ceil(pool.length * body.fraction);
    const random = new Random(body.seed ?? emu.clock.now());
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, pool.length)) chosen.add(random.int(0, pool.length - 1));
    const touched: { id: string; from: string; to: string }[] = [];
    for (const index of chosen) {
      const task = pool[index]!;
      const from = emu.engine.state(task);
      if (from === "queued") emu.engine.forceState(task, "in_progress");
      else if (from === "in_progress" || from === "idle" || from === "waiting_for_user")
        emu.engine.forceState(task, "completed");
      else
        emu.engine.addFollowUpSession(task, {
          prompt: "@copilot follow-up from the benchmark",
          userLogin: task.creatorLogin,
          plan: { queueSeconds: 0 },
        });
      touched.push({ id: task.id, from, to: emu.engine.state(task) });
    }
    return ok({ touched: touched.length, tasks: touched });
  });

  add("POST", "/_emulator/repos/bulk", (req) => {
    const body = parse(schemas.bulkRepos, req);
    const org = emu.store.org(body.org);
    if (!org) throw new HttpError(githubError(404, `Unknown organization ${body.org}`));
    let created = 0;
    for (let i = 1; i <= body.count; i++) {
      const name = `${body.prefix}${String(i).padStart(4, "0")}`;
      if (emu.store.repo(org.login, name)) continue;
      createRepository(emu, {
        owner: org.login,
        ownerType: "Organization",
        name,
        description: `Benchmark repository ${i}`,
        visibility: "internal",
        files: {
          "README.md": `# ${name}\n`,
          "package.json": `{ "name": "${name}", "scripts": { "test": "vitest run" } }\n`,
        },
        defaultBranch: "main",
        templateRepoId: null,
        language: "TypeScript",
        topics: ["benchmark"],
        docs: "",
      });
      created++;
    }
    return ok({ created, total: emu.store.data.repos.length }, 201);
  });

  add("GET", "/_emulator/pulls", (req) => {
    const repoFilter = req.query.get("repo");
    const pulls = emu.store.data.pulls.filter((p) => {
      if (!repoFilter) return true;
      const repo = emu.store.reposById.get(p.repoId)!;
      return `${repo.owner}/${repo.name}`.toLowerCase() === repoFilter.toLowerCase();
    });
    return ok(
      pulls.map((p) => {
        const repo = emu.store.reposById.get(p.repoId)!;
        return {
          id: p.id,
          repository: `${repo.owner}/${repo.name}`,
          number: p.number,
          state: p.state,
          merged: p.merged,
          draft: p.draft,
          head: p.headRef,
          base: p.baseRef,
          title: p.title,
        };
      }),
    );
  });

  const pullOr404 = (req: ApiRequest) => {
    const repo = emu.store.repo(req.params.owner ?? "", req.params.repo ?? "");
    const pull = repo ? emu.store.pull(repo.id, Number(req.params.number)) : undefined;
    if (!repo || !pull) throw new HttpError(githubError(404, "Not Found"));
    return { repo, pull };
  };
  const pullAction = (action: "merge" | "close" | "reopen") => (req: ApiRequest) => {
    const { repo, pull } = pullOr404(req);
    const body = parse(schemas.pullAction, req);
    const problem = emu.pulls.act(repo, pull, action, body.login);
    if (problem) throw new HttpError(githubError(problem.status, problem.message));
    return ok({ number: pull.number, state: pull.state, merged: pull.merged });
  };
  add("POST", "/_emulator/repos/{owner}/{repo}/pulls/{number}/merge", pullAction("merge"));
  add("POST", "/_emulator/repos/{owner}/{repo}/pulls/{number}/close", pullAction("close"));
  add("POST", "/_emulator/repos/{owner}/{repo}/pulls/{number}/reopen", pullAction("reopen"));

  const userOr422 = (login: string) => {
    const user = emu.store.user(login);
    if (!user) throw new HttpError({ status: 422, body: { message: `Unknown user ${login}` } });
    return user.login;
  };
  /** What a PR looks like to a test: its reviews, checks and runs in one document. */
  const pullActivity = (repoId: number, pull: { id: number; headSha: string; number: number }) => ({
    number: pull.number,
    head_sha: pull.headSha,
    reviews: emu.store.reviewsOf(pull.id).map((r) => ({ login: r.login, state: r.state })),
    check_runs: emu.store
      .checkRunsFor(repoId, pull.headSha)
      .map((c) => ({ id: c.id, name: c.name, status: c.status, conclusion: c.conclusion })),
    workflow_runs: emu.store
      .workflowRunsOf(repoId)
      .filter((r) => r.headSha === pull.headSha)
      .map((r) => ({ id: r.id, name: r.name, status: r.status, conclusion: r.conclusion })),
  });
  add("GET", "/_emulator/repos/{owner}/{repo}/pulls/{number}", (req) => {
    const { repo, pull } = pullOr404(req);
    return ok(pullActivity(repo.id, pull));
  });
  add("POST", "/_emulator/repos/{owner}/{repo}/pulls/{number}/reviews", (req) => {
    const { repo, pull } = pullOr404(req);
    const body = parse(schemas.review, req);
    emu.pulls.review(pull, userOr422(body.login), body.state, body.body);
    return ok(pullActivity(repo.id, pull), 201);
  });
  add("POST", "/_emulator/repos/{owner}/{repo}/pulls/{number}/approve-workflows", (req) => {
    const { repo, pull } = pullOr404(req);
    const login = userOr422(parse(schemas.approveWorkflows, req).login);
    emu.pulls.approveAll(repo, pull, login);
    return ok(pullActivity(repo.id, pull));
  });
  add("POST", "/_emulator/repos/{owner}/{repo}/pulls/{number}/checks", (req) => {
    const { repo, pull } = pullOr404(req);
    const body = parse(schemas.checks, req);
    emu.pulls.conclude(repo, pull.headSha, body.conclusion, userOr422(body.login));
    return ok(pullActivity(repo.id, pull));
  });
  add("POST", "/_emulator/repos/{owner}/{repo}/pulls/{number}/statuses", (req) => {
    const { repo, pull } = pullOr404(req);
    const body = parse(schemas.status, req);
    const now = emu.clock.now();
    emu.store.data.statuses.push({
      id: emu.store.nextActivityId(),
      repoId: repo.id,
      sha: pull.headSha,
      state: body.state,
      context: body.context,
      description: body.description,
      targetUrl: null,
      creatorLogin: userOr422(body.login),
      createdAt: now,
      updatedAt: now,
    });
    emu.store.touch();
    return ok(pullActivity(repo.id, pull), 201);
  });

  add("GET", "/_emulator/faults", () => ok(emu.faults.list()));
  add("POST", "/_emulator/faults", (req) => ok(emu.faults.add(parse(schemas.fault, req)), 201));
  add("DELETE", "/_emulator/faults", () => {
    emu.faults.clear();
    return ok({ ok: true });
  });
  add("DELETE", "/_emulator/faults/{id}", (req) => ok({ removed: emu.faults.remove(Number(req.params.id)) }));

  add("GET", "/_emulator/counters", () => ok(emu.counters.snapshot()));
  add("POST", "/_emulator/counters/reset", () => {
    emu.counters.reset();
    return ok({ ok: true });
  });

  return router;
}

import { describe, expect, it } from "vitest";
import { Octokit } from "@octokit/core";
import { call, emulator, tokenFor, type CallResult } from "./helpers";
import { declaredHeaders, validateResponse } from "./openapi-validator";

function expectContract(method: string, path: string, result: CallResult, apiVersion = "2022-11-28") {
  const errors = validateResponse(method, path, result.status, result.body, apiVersion);
  expect(errors, `${method} ${path} → ${result.status}: ${result.text.slice(0, 300)}`).toEqual([]);
  for (const header of declaredHeaders(method, path, result.status)) {
    if (header.toLowerCase() === "link" && result.headers.get("link") === null) continue; // single page
    expect(result.headers.get(header), `${header} header`).not.toBeNull();
  }
  expect(result.headers.get("x-github-request-id")).toMatch(/^[0-9A-F:]+$/);
  expect(result.headers.get("x-ratelimit-resource")).toBe("core");
  if (method === "GET" && result.status === 200)
    expect(result.headers.get("etag")).toMatch(/^W\/"[0-9a-f]{64}"$/);
}

describe("contract: every response matches the OpenAPI description", () => {
  it("users, orgs, teams and rate limit", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    for (const version of ["2022-11-28", "2026-03-10"]) {
      const headers = { "x-github-api-version": version };
      expectContract("GET", "/user", await call(emu, "GET", "/user", { token: alice, headers }), version);
      expectContract(
        "GET",
        "/user/emails",
        await call(emu, "GET", "/user/emails", { token: alice, headers }),
        version,
      );
      expectContract(
        "GET",
        "/user/orgs",
        await call(emu, "GET", "/user/orgs", { token: alice, headers }),
        version,
      );
      expectContract(
        "GET",
        "/user/repos",
        await call(emu, "GET", "/user/repos?per_page=5", { token: alice, headers }),
        version,
      );
      expectContract(
        "GET",
        "/orgs/{org}/teams/{team_slug}/members",
        await call(emu, "GET", "/orgs/acme/teams/payments/members", { token: alice, headers }),
        version,
      );
      const rate = await call<Record<string, unknown>>(emu, "GET", "/rate_limit", { token: alice, headers });
      expectContract("GET", "/rate_limit", rate, version);
      expect("rate" in rate.body).toBe(version === "2022-11-28");
    }
    // Errors
    expectContract("GET", "/user", await call(emu, "GET", "/user", { token: "gho_unknown" }));
    expectContract("GET", "/user", await call(emu, "GET", "/user"));
    expectContract(
      "GET",
      "/user/repos",
      await call(emu, "GET", "/user/repos?type=owner&visibility=all", { token: alice }),
    );
    const unknown = await call(emu, "GET", "/user", { token: "gho_unknown" });
    expect(unknown.body).toEqual({
      message: "Bad credentials",
      documentation_url: "https://docs.github.com/rest",
      status: "401",
    });
  });

  it("organization membership of the authenticated user", async () => {
    const emu = await emulator();
    const path = "/user/memberships/orgs/{org}";
    for (const version of ["2022-11-28", "2026-03-10"]) {
      const headers = { "x-github-api-version": version };
      for (const [login, role] of [
        ["alice", "admin"],
        ["bob", "member"],
      ] as const) {
        const token = await tokenFor(emu, login);
        const membership = await call<{ state: string; role: string; user: { login: string } }>(
          emu,
          "GET",
          "/user/memberships/orgs/ACME",
          { token, headers },
        );
        expect(membership.status).toBe(200);
        expectContract("GET", path, membership, version);
        expect(membership.body).toMatchObject({ state: "active", role, user: { login } });
      }
    }
    // An outside collaborator and an outsider are not affiliated: 404, as for an unknown org.
    for (const login of ["carol", "mallory"]) {
      const outsider = await call(emu, "GET", "/user/memberships/orgs/acme", {
        token: await tokenFor(emu, login),
      });
      expect(outsider.status).toBe(404);
      expectContract("GET", path, outsider);
    }
    const alice = await tokenFor(emu, "alice");
    const unknownOrg = await call(emu, "GET", "/user/memberships/orgs/no-such-org", { token: alice });
    expect(unknownOrg.status).toBe(404);
    expectContract("GET", path, unknownOrg);
    // OAuth App tokens need read:org (or user); GitHub App user tokens follow the app's permissions.
    const narrow = await call<{ token: string }>(emu, "POST", "/_emulator/tokens", {
      body: { login: "bob", kind: "oauth_app", scopes: ["repo", "user:email"] },
    });
    const noScope = await call(emu, "GET", "/user/memberships/orgs/acme", { token: narrow.body.token });
    expect(noScope.status).toBe(403);
    expectContract("GET", path, noScope);
    const app = await tokenFor(emu, "bob", "github_app");
    expect((await call(emu, "GET", "/user/memberships/orgs/acme", { token: app })).status).toBe(200);
    // Unchanged membership: a conditional request is a free 304; a removal is a 404 at once.
    const bob = await tokenFor(emu, "bob");
    const first = await call(emu, "GET", "/user/memberships/orgs/acme", { token: bob });
    const etag = first.headers.get("etag")!;
    const again = await call(emu, "GET", "/user/memberships/orgs/acme", {
      token: bob,
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    await call(emu, "DELETE", "/_emulator/orgs/acme/members/bob");
    const gone = await call(emu, "GET", "/user/memberships/orgs/acme", {
      token: bob,
      headers: { "if-none-match": etag },
    });
    expect(gone.status).toBe(404);
    expect(await call(emu, "GET", "/user", { token: bob })).toMatchObject({ status: 200 });
  });

  it("repositories, branches, contents and pulls", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    const bob = await tokenFor(emu, "bob");
    const orgRepos = await call<{ name: string }[]>(emu, "GET", "/orgs/acme/repos?per_page=100", {
      token: alice,
    });
    expectContract("GET", "/orgs/{org}/repos", orgRepos);
    expect(orgRepos.body.length).toBeGreaterThanOrEqual(30);
    const repo = await call<{ id: number; default_branch: string; topics: string[] }>(
      emu,
      "GET",
      "/repos/acme/billing-service",
      { token: alice },
    );
    expectContract("GET", "/repos/{owner}/{repo}", repo);
    expect(repo.body.default_branch).toBe("develop");
    // /repositories/{id} is not in the description: it returns the same shape as /repos/{owner}/{repo}.
    const byId = await call(emu, "GET", `/repositories/${repo.body.id}`, { token: alice });
    expectContract("GET", "/repos/{owner}/{repo}", byId);
    expect(byId.body).toEqual(repo.body);
    expectContract(
      "GET",
      "/repos/{owner}/{repo}",
      await call(emu, "GET", "/repos/acme/payments-ledger", { token: await tokenFor(emu, "dave") }),
    );
    expectContract(
      "GET",
      "/repos/{owner}/{repo}",
      await call(emu, "GET", "/repos/acme/web-storefront", {
        token: alice,
        headers: { "x-github-api-version": "2026-03-10" },
      }),
      "2026-03-10",
    );
    expectContract(
      "GET",
      "/repos/{owner}/{repo}/branches",
      await call(emu, "GET", "/repos/acme/web-storefront/branches", { token: alice }),
    );
    expectContract(
      "GET",
      "/repos/{owner}/{repo}/branches",
      await call(emu, "GET", "/repos/acme/nope/branches", { token: alice }),
    );

    const file = await call<{ content: string; encoding: string }>(
      emu,
      "GET",
      "/repos/acme/web-storefront/contents/package.json",
      { token: alice },
    );
    expectContract("GET", "/repos/{owner}/{repo}/contents/{path}", file);
    expect(JSON.parse(Buffer.from(file.body.content, "base64").toString("utf8")).scripts.test).toBe(
      "vitest run",
    );
    expectContract(
      "GET",
      "/repos/{owner}/{repo}/contents/{path}",
      await call(emu, "GET", "/repos/acme/web-storefront/contents/.github", { token: alice }),
    );
    const missing = await call(emu, "GET", "/repos/acme/web-storefront/contents/nope.txt", { token: alice });
    expectContract("GET", "/repos/{owner}/{repo}/contents/{path}", missing);
    expect(missing.status).toBe(404);
    expect((missing.body as { message: string }).message).toBe("Not Found");

    // A completed seeded task with a pull request.
    const pulls = await call<{ repository: string; number: number; merged: boolean }[]>(
      emu,
      "GET",
      "/_emulator/pulls",
    );
    const seededPull = pulls.body[0]!;
    const [owner, name] = seededPull.repository.split("/");
    const pull = await call(emu, "GET", `/repos/${owner}/${name}/pulls/${seededPull.number}`, {
      token: alice,
    });
    expectContract("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", pull);
    expectContract(
      "GET",
      "/repos/{owner}/{repo}/pulls/{pull_number}",
      await call(emu, "GET", `/repos/acme/web-storefront/pulls/99999`, { token: alice }),
    );

    // Creating repositories.
    const created = await call(emu, "POST", "/orgs/acme/repos", {
      token: alice,
      body: { name: "new-service", private: true },
    });
    expect(created.status).toBe(201);
    expectContract("POST", "/orgs/{org}/repos", created);
    const clash = await call(emu, "POST", "/orgs/acme/repos", { token: bob, body: { name: "New-Service" } });
    expect(clash.status).toBe(422);
    expectContract("POST", "/orgs/{org}/repos", clash);
    expect((clash.body as { errors: unknown[] }).errors).toEqual([
      {
        resource: "Repository",
        code: "custom",
        field: "name",
        message: "name already exists on this account",
      },
    ]);
    const carol = await tokenFor(emu, "carol");
    const forbidden = await call(emu, "POST", "/orgs/acme/repos", { token: carol, body: { name: "carols" } });
    expect(forbidden.status).toBe(403);
    expectContract("POST", "/orgs/{org}/repos", forbidden);
    const generated = await call<{ template_repository: { full_name: string } }>(
      emu,
      "POST",
      "/repos/acme/service-template/generate",
      {
        token: alice,
        body: { owner: "acme", name: "from-template", description: "generated" },
      },
    );
    expect(generated.status).toBe(201);
    expectContract("POST", "/repos/{template_owner}/{template_repo}/generate", generated);
    expect(generated.body.template_repository.full_name).toBe("acme/service-template");
    const generatedFile = await call(emu, "GET", "/repos/acme/from-template/contents/.github/CODEOWNERS", {
      token: alice,
    });
    expect(generatedFile.status).toBe(200);
  });

  it("invisible repositories are 404, not 403", async () => {
    const emu = await emulator();
    const bob = await tokenFor(emu, "bob");
    const carol = await tokenFor(emu, "carol");
    expect((await call(emu, "GET", "/repos/acme/infra-terraform", { token: bob })).status).toBe(404);
    expect((await call(emu, "GET", "/repos/acme/checkout-api", { token: carol })).status).toBe(404);
    expect((await call(emu, "GET", "/repos/acme/docs-site", { token: carol })).status).toBe(200);
    expect(
      (await call(emu, "GET", "/repos/bob/scratch", { token: await tokenFor(emu, "alice") })).status,
    ).toBe(404);
    expect((await call(emu, "GET", "/agents/repos/acme/infra-terraform/tasks", { token: bob })).status).toBe(
      404,
    );
  });

  it("agent task operations, success and error bodies", async () => {
    const emu = await emulator();
    const alice = await tokenFor(emu, "alice");
    const created = await call<{ id: string }>(emu, "POST", "/agents/repos/acme/checkout-api/tasks", {
      token: alice,
      body: { prompt: "Add idempotency keys", create_pull_request: true, base_ref: "main" },
    });
    expect(created.status).toBe(201);
    expectContract("POST", "/agents/repos/{owner}/{repo}/tasks", created);
    const id = created.body.id;
    await call(emu, "POST", "/_emulator/clock/advance", { body: { seconds: 600 } });
    const paths: [string, string, string][] = [
      ["GET", "/agents/repos/{owner}/{repo}/tasks", "/agents/repos/acme/checkout-api/tasks"],
      ["GET", "/agents/tasks", "/agents/tasks?per_page=5"],
      ["GET", "/agents/repos/{owner}/{repo}/tasks/{task_id}", `/agents/repos/acme/checkout-api/tasks/${id}`],
      ["GET", "/agents/tasks/{task_id}", `/agents/tasks/${id}`],
      ["GET", "/agents/tasks/{task_id}", "/agents/tasks/00000000-0000-4000-8000-000000000000"],
      [
        "GET",
        "/agents/repos/{owner}/{repo}/tasks/{task_id}",
        `/agents/repos/acme/web-storefront/tasks/${id}`,
      ],
      ["GET", "/agents/tasks", "/agents/tasks?per_page=101"],
      ["GET", "/agents/repos/{owner}/{repo}/tasks", "/agents/repos/acme/checkout-api/tasks?state=bogus"],
      ["GET", "/agents/repos/{owner}/{repo}/tasks", "/agents/repos/acme/nope/tasks"],
    ];
    for (const [method, template, path] of paths)
      expectContract(method, template, await call(emu, method, path, { token: alice }));
    // All seeded tasks validate too (every state, sessions with errors and premium_requests usage).
    const all = await call<{ tasks: { id: string }[] }>(
      emu,
      "GET",
      "/agents/tasks?per_page=100&state=queued,in_progress,completed,failed,idle,waiting_for_user,timed_out,cancelled",
      { token: alice },
    );
    const archived = await call<{ tasks: { id: string }[] }>(
      emu,
      "GET",
      "/agents/tasks?per_page=100&is_archived=true",
      { token: alice },
    );
    for (const task of [...all.body.tasks, ...archived.body.tasks]) {
      expectContract(
        "GET",
        "/agents/tasks/{task_id}",
        await call(emu, "GET", `/agents/tasks/${task.id}`, { token: alice }),
      );
    }
    const post = (body: unknown, token = alice, rawBody?: string) =>
      call(emu, "POST", "/agents/repos/acme/checkout-api/tasks", {
        token,
        body,
        rawBody,
        headers: rawBody ? { "content-type": "application/json" } : {},
      });
    const template = "/agents/repos/{owner}/{repo}/tasks";
    expectContract("POST", template, await post(undefined, alice, "{not json"));
    expectContract("POST", template, await post({}));
    expectContract("POST", template, await post({ prompt: "x", model: "gpt-3" }));
    const carol = await tokenFor(emu, "carol");
    const noSeat = await call(emu, "POST", "/agents/repos/acme/web-storefront/tasks", {
      token: carol,
      body: { prompt: "x" },
    });
    expect(noSeat.status).toBe(403);
    expectContract("POST", template, noSeat);
    // Invisible repository: 404 (the description declares no 404 for create; the body has the common error shape).
    const invisible = await post({ prompt: "x" }, carol);
    expect(invisible.status).toBe(404);
    expect(validateResponse("GET", "/agents/tasks/{task_id}", 404, invisible.body)).toEqual([]);
    expectContract("POST", template, await post({ prompt: "x" }, "ghp_bogus"));
  });

  it("pull requests: list, create, reviews, review requests, checks, status, workflow runs, approval", async () => {
    const emu = await emulator({ seedTasks: false });
    const alice = await tokenFor(emu, "alice");
    const bob = await tokenFor(emu, "bob");
    const advance = (seconds: number) => call(emu, "POST", "/_emulator/clock/advance", { body: { seconds } });
    const repo = "/repos/acme/web-storefront";
    const task = await call<{ id: string }>(emu, "POST", "/agents/repos/acme/web-storefront/tasks", {
      token: alice,
      body: {
        prompt:
          "Tidy the cart\n[emulator:outcome=completed]\n[emulator:queue_seconds=5]\n[emulator:run_seconds=60]",
        create_pull_request: true,
      },
    });
    await advance(70);
    const info = await call<{ pull_request: number; sessions: { head_ref: string }[] }>(
      emu,
      "GET",
      `/_emulator/tasks/${task.body.id}`,
    );
    const branch = info.body.sessions[0]!.head_ref;
    const number = info.body.pull_request;

    // Resolution from a branch artifact: head=owner:branch, state=all.
    const listPath = "/repos/{owner}/{repo}/pulls";
    const byHead = await call<{ number: number; draft: boolean; requested_teams: { slug: string }[] }[]>(
      emu,
      "GET",
      `${repo}/pulls?head=acme:${branch}&state=all`,
      { token: alice },
    );
    expectContract("GET", listPath, byHead);
    expect(byHead.body.map((p) => p.number)).toEqual([number]);
    expect(
      (await call<unknown[]>(emu, "GET", `${repo}/pulls?head=other:${branch}`, { token: alice })).body,
    ).toEqual([]);
    const badState = await call(emu, "GET", `${repo}/pulls?state=merged`, { token: alice });
    expect(badState.status).toBe(422);
    expectContract("GET", listPath, badState);

    // The completed task asked its reviewers and the repository's code owners (@acme/web @bob).
    const requested = await call<{ users: { login: string }[]; teams: { slug: string }[] }>(
      emu,
      "GET",
      `${repo}/pulls/${number}/requested_reviewers`,
      { token: alice },
    );
    expectContract("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", requested);
    expect(requested.body.users.map((u) => u.login)).toEqual(["alice", "bob"]);
    expect(requested.body.teams.map((t) => t.slug)).toEqual(["web"]);

    // Copilot's push waits for approval: no checks yet, one run action_required.
    const pull = await call<{ head: { sha: string } }>(emu, "GET", `${repo}/pulls/${number}`, {
      token: alice,
    });
    const sha = pull.body.head.sha;
    const runsPath = "/repos/{owner}/{repo}/actions/runs";
    const waiting = await call<{
      total_count: number;
      workflow_runs: { id: number; status: string; conclusion: string }[];
    }>(emu, "GET", `${repo}/actions/runs?head_sha=${sha}&status=action_required`, { token: alice });
    expectContract("GET", runsPath, waiting);
    expect(waiting.body.total_count).toBe(1);
    expect(waiting.body.workflow_runs[0]).toMatchObject({
      status: "completed",
      conclusion: "action_required",
    });
    const checksPath = "/repos/{owner}/{repo}/commits/{ref}/check-runs";
    const noChecks = await call<{ total_count: number }>(emu, "GET", `${repo}/commits/${sha}/check-runs`, {
      token: alice,
    });
    expectContract("GET", checksPath, noChecks);
    expect(noChecks.body.total_count).toBe(0);
    const statusPath = "/repos/{owner}/{repo}/commits/{ref}/status";
    const pending = await call<{ state: string; total_count: number }>(
      emu,
      "GET",
      `${repo}/commits/${sha}/status`,
      {
        token: alice,
      },
    );
    expectContract("GET", statusPath, pending);
    expect(pending.body).toMatchObject({ state: "pending", total_count: 0 });

    // Conditional reads are free 304s until something changes.
    const again = await call(emu, "GET", `${repo}/commits/${sha}/check-runs`, {
      token: alice,
      headers: { "if-none-match": noChecks.headers.get("etag")! },
    });
    expect(again.status).toBe(304);

    // Approval: carol (write as a collaborator) may; mallory cannot see the repository.
    const runId = waiting.body.workflow_runs[0]!.id;
    const approvePath = "/repos/{owner}/{repo}/actions/runs/{run_id}/approve";
    const mallory = await call(emu, "POST", `${repo}/actions/runs/${runId}/approve`, {
      token: await tokenFor(emu, "mallory"),
    });
    expect(mallory.status).toBe(404);
    expectContract("POST", approvePath, mallory);
    const approved = await call(emu, "POST", `${repo}/actions/runs/${runId}/approve`, { token: bob });
    expect(approved.status).toBe(201);
    expectContract("POST", approvePath, approved);
    const running = await call<{ check_runs: { status: string }[] }>(
      emu,
      "GET",
      `${repo}/commits/${sha}/check-runs`,
      {
        token: alice,
        headers: { "if-none-match": noChecks.headers.get("etag")! },
      },
    );
    expect(running.status).toBe(200);
    expect(running.body.check_runs.map((c) => c.status)).toEqual(["in_progress"]);
    await advance(60);
    const passed = await call<{ check_runs: { status: string; conclusion: string }[] }>(
      emu,
      "GET",
      `${repo}/commits/${branch}/check-runs`,
      { token: alice },
    );
    expectContract("GET", checksPath, passed);
    expect(passed.body.check_runs).toMatchObject([{ status: "completed", conclusion: "success" }]);
    expect(
      (
        await call<{ total_count: number }>(
          emu,
          "GET",
          `${repo}/actions/runs?head_sha=${sha}&status=action_required`,
          {
            token: alice,
          },
        )
      ).body.total_count,
    ).toBe(0);

    // Control: a failing status and a review asking for changes.
    await call(emu, "POST", `/_emulator/repos/acme/web-storefront/pulls/${number}/statuses`, {
      body: { state: "failure", context: "ci/lint" },
    });
    const failing = await call<{ state: string }>(emu, "GET", `${repo}/commits/${sha}/status`, {
      token: alice,
    });
    expectContract("GET", statusPath, failing);
    expect(failing.body.state).toBe("failure");
    await call(emu, "POST", `/_emulator/repos/acme/web-storefront/pulls/${number}/reviews`, {
      body: { login: "bob", state: "CHANGES_REQUESTED", body: "Keep the old discount rules" },
    });
    const reviews = await call<{ state: string; user: { login: string } }[]>(
      emu,
      "GET",
      `${repo}/pulls/${number}/reviews`,
      {
        token: alice,
      },
    );
    expectContract("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", reviews);
    expect(reviews.body).toMatchObject([{ state: "CHANGES_REQUESTED", user: { login: "bob" } }]);
    const afterReview = await call<{ users: { login: string }[] }>(
      emu,
      "GET",
      `${repo}/pulls/${number}/requested_reviewers`,
      {
        token: alice,
      },
    );
    expect(afterReview.body.users.map((u) => u.login)).toEqual(["alice"]);

    // Creating a pull request from a branch; a second one for the same head is refused.
    const createPath = "/repos/{owner}/{repo}/pulls";
    const created = await call<{ number: number; user: { login: string } }>(emu, "POST", `${repo}/pulls`, {
      token: bob,
      body: { title: "New checkout flow", head: "acme:feature/new-checkout-flow", base: "main" },
    });
    expect(created.status, created.text).toBe(201);
    expectContract("POST", createPath, created);
    expect(created.body.user.login).toBe("bob");
    const duplicate = await call<{ errors: { message: string }[] }>(emu, "POST", `${repo}/pulls`, {
      token: bob,
      body: { title: "Again", head: "feature/new-checkout-flow", base: "main" },
    });
    expect(duplicate.status).toBe(422);
    expectContract("POST", createPath, duplicate);
    expect(duplicate.body.errors[0]!.message).toBe(
      "A pull request already exists for acme:feature/new-checkout-flow.",
    );
    const missing = await call(emu, "POST", `${repo}/pulls`, {
      token: bob,
      body: { head: "x", base: "main" },
    });
    expect(missing.status).toBe(422);
    expectContract("POST", createPath, missing);

    // Sorting, direction and Link paging.
    const page1 = await call<{ number: number }[]>(
      emu,
      "GET",
      `${repo}/pulls?state=all&sort=created&direction=asc&per_page=1`,
      { token: alice },
    );
    expectContract("GET", listPath, page1);
    expect(page1.body.map((p) => p.number)).toEqual([number]);
    expect(page1.headers.get("link")).toContain('rel="next"');

    // The web page merges as a person would; the API then reports it merged.
    const web = await fetch(`${emu.url}/acme/web-storefront/pull/${number}`);
    expect(await web.text()).toContain("Merge pull request");
    const merge = await fetch(`${emu.url}/acme/web-storefront/pull/${number}/merge`, {
      method: "POST",
      redirect: "manual",
    });
    expect(merge.status).toBe(303);
    const merged = await call<{ state: string }[]>(emu, "GET", `${repo}/pulls?state=closed`, {
      token: alice,
    });
    expect(merged.body.map((p) => p.state)).toEqual(["closed"]);
  });

  it("works with @octokit/core as a real client, including /api/v3", async () => {
    const emu = await emulator();
    const token = await tokenFor(emu, "bob", "oauth_app");
    const octokit = new Octokit({ auth: token, baseUrl: `${emu.url}/api/v3` });
    const { data: user } = await octokit.request("GET /user");
    expect(user.login).toBe("bob");
    const { data: task, status } = await octokit.request("POST /agents/repos/{owner}/{repo}/tasks", {
      owner: "acme",
      repo: "web-storefront",
      prompt: "Fix the flaky cart test",
      headers: { "x-github-api-version": "2026-03-10" },
    });
    expect(status).toBe(201);
    expect(task.url).toBe(`${emu.url}/api/v3/agents/repos/acme/web-storefront/tasks/${task.id}`);
    expect(task.html_url).toBe(`${emu.url}/acme/web-storefront/copilot/tasks/${task.id}`);
    await expect(
      octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "infra-terraform" }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

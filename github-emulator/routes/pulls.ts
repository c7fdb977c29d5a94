/** Pull requests and what hangs off them: reviews, review requests, checks, statuses, Actions runs. */
import type { Emulator } from "../core/emulator";
import type { PullRecord, RepoRecord } from "../core/model";
import { branchSha } from "../seed/repos";
import { jsonObject } from "../http/body";
import { githubError, HttpError, notFound, validationFailed } from "../http/errors";
import { lenientPaging, pageOf } from "../http/pagination";
import type { Router } from "../http/router";
import type { ApiRequest } from "../http/types";
import { compareBy, listResponse, login, shapeContext, visibleRepo } from "./context";
import {
  checkRunShape,
  combinedStatusShape,
  pullRequestSimpleShape,
  reviewRequestShape,
  reviewShape,
  workflowRunShape,
} from "./pull-shapes";
import { pullRequestShape } from "./shapes";

const DOCS = {
  list: "https://docs.github.com/rest/pulls/pulls#list-pull-requests",
  create: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
  get: "https://docs.github.com/rest/pulls/pulls#get-a-pull-request",
  reviews: "https://docs.github.com/rest/pulls/reviews#list-reviews-for-a-pull-request",
  requested:
    "https://docs.github.com/rest/pulls/review-requests#get-all-requested-reviewers-for-a-pull-request",
  checkRuns: "https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference",
  status: "https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference",
  runs: "https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository",
  approve:
    "https://docs.github.com/rest/actions/workflow-runs#approve-a-workflow-run-for-a-fork-pull-request",
};

const RUN_STATUSES = new Set([
  "completed",
  "action_required",
  "cancelled",
  "failure",
  "neutral",
  "skipped",
  "stale",
  "success",
  "timed_out",
  "in_progress",
  "queued",
  "requested",
  "waiting",
  "pending",
]);

function invalidParam(field: string, value: string, docs: string): never {
  throw new HttpError(validationFailed([{ resource: "Issue", field, code: "invalid", value }], docs));
}

function oneOf(req: ApiRequest, name: string, allowed: readonly string[], fallback: string, docs: string) {
  const value = req.query.get(name) ?? fallback;
  if (!allowed.includes(value)) invalidParam(name, value, docs);
  return value;
}

function pullOr404(emu: Emulator, req: ApiRequest, docs: string): { repo: RepoRecord; pull: PullRecord } {
  const repo = visibleRepo(emu, req, req.params.owner ?? "", req.params.repo ?? "", docs);
  const pull = emu.store.pull(repo.id, Number(req.params.pull_number));
  if (!pull) throw new HttpError(notFound(docs));
  return { repo, pull };
}

/** A branch name, or a commit SHA some branch, PR or run points at. */
function resolveRef(emu: Emulator, repo: RepoRecord, ref: string): string | null {
  const name = ref.replace(/^(refs\/)?heads\//, "");
  if (repo.branches[name]) return repo.branches[name]!;
  if (!/^[0-9a-f]{7,40}$/.test(ref)) return null;
  const known = [
    ...Object.values(repo.branches),
    ...emu.store.data.pulls.filter((p) => p.repoId === repo.id).flatMap((p) => [p.headSha, p.baseSha]),
    ...emu.store.workflowRunsOf(repo.id).map((r) => r.headSha),
  ];
  return known.find((sha) => sha.startsWith(ref)) ?? null;
}

export function registerPullRoutes(router: Router, emu: Emulator): void {
  const optional = { auth: "optional" } as const;

  router.add(
    "GET",
    "/repos/{owner}/{repo}/pulls",
    (req) => {
      const repo = visibleRepo(emu, req, req.params.owner ?? "", req.params.repo ?? "", DOCS.list);
      const state = oneOf(req, "state", ["open", "closed", "all"], "open", DOCS.list);
      const sort = oneOf(
        req,
        "sort",
        ["created", "updated", "popularity", "long-running"],
        "created",
        DOCS.list,
      );
      // "Default: desc when sort is created or sort is not specified, otherwise asc."
      const direction = oneOf(
        req,
        "direction",
        ["asc", "desc"],
        req.query.get("sort") === null || sort === "created" ? "desc" : "asc",
        DOCS.list,
      ) as "asc" | "desc";
      const head = req.query.get("head");
      const base = req.query.get("base");
      // `head` is `user:ref` or `organization:ref`; only same-repository heads exist here.
      const [headOwner, headRef] = head?.includes(":") ? head.split(/:(.*)/s, 2) : [repo.owner, head];
      const pulls = emu.store.data.pulls.filter(
        (p) =>
          p.repoId === repo.id &&
          (state === "all" || p.state === state) &&
          (head === null ||
            (headOwner!.toLowerCase() === repo.owner.toLowerCase() && p.headRef === headRef)) &&
          (base === null || p.baseRef === base),
      );
      const key = (p: PullRecord) =>
        sort === "updated"
          ? p.updatedAt
          : sort === "popularity"
            ? p.commits
            : sort === "long-running"
              ? -(p.closedAt ?? emu.clock.now()) + p.createdAt
              : p.createdAt;
      const sorted = [...pulls].sort(
        (a, b) => compareBy(key, direction)(a, b) || compareBy((p: PullRecord) => p.number, direction)(a, b),
      );
      const ctx = shapeContext(emu, req);
      return listResponse(
        emu,
        req,
        sorted.map((p) => pullRequestSimpleShape(ctx, emu.store, p, login(req))),
        lenientPaging(req.query),
      );
    },
    optional,
  );

  router.add(
    "POST",
    "/repos/{owner}/{repo}/pulls",
    (req) => {
      const user = req.auth!.user;
      const repo = visibleRepo(emu, req, req.params.owner ?? "", req.params.repo ?? "", DOCS.create);
      const body = jsonObject(req, DOCS.create);
      const problem = (field: string, code: "missing_field" | "invalid") =>
        validationFailed([{ resource: "PullRequest", field, code }], DOCS.create);
      for (const field of ["title", "head", "base"] as const)
        if (typeof body[field] !== "string" || body[field] === "") return problem(field, "missing_field");
      const rawHead = String(body.head);
      const headRef = rawHead.includes(":") ? rawHead.split(/:(.*)/s, 2)[1]! : rawHead;
      const baseRef = String(body.base);
      const headSha = repo.branches[headRef];
      const baseSha = repo.branches[baseRef];
      if (!headSha) return problem("head", "invalid");
      if (!baseSha) return problem("base", "invalid");
      const custom = (message: string) =>
        validationFailed([{ resource: "PullRequest", code: "custom", message }], DOCS.create);
      if (emu.store.openPullForBranch(repo.id, headRef, baseRef))
        return custom(`A pull request already exists for ${repo.owner}:${headRef}.`);
      if (headSha === baseSha) return custom(`No commits between ${baseRef} and ${headRef}`);
      const now = emu.clock.now();
      const pull: PullRecord = {
        id: emu.store.data.nextPullId++,
        number: repo.nextNumber++,
        repoId: repo.id,
        title: String(body.title),
        body: typeof body.body === "string" ? body.body : "",
        headRef,
        baseRef,
        headSha,
        baseSha: baseSha ?? branchSha(`${repo.owner}/${repo.name}`, baseRef),
        userLogin: user.login,
        state: "open",
        draft: body.draft === true,
        merged: false,
        mergedAt: null,
        mergedBy: null,
        closedAt: null,
        createdAt: now,
        updatedAt: now,
        requestedReviewers: [],
        requestedTeams: [],
        assignees: [],
        additions: 0,
        deletions: 0,
        changedFiles: 0,
        commits: 1,
      };
      emu.store.addPull(pull);
      if (!pull.draft) emu.pulls.requestCodeOwnerReviews(repo, pull);
      emu.pulls.onPush(repo, pull, user.login, now);
      const shaped = pullRequestShape(shapeContext(emu, req), emu.store, pull, user.login);
      return { status: 201, body: shaped, headers: { location: shaped.url } };
    },
    { auth: "required", creates: true },
  );

  router.add(
    "GET",
    "/repos/{owner}/{repo}/pulls/{pull_number}",
    (req) => {
      const { pull } = pullOr404(emu, req, DOCS.get);
      return { status: 200, body: pullRequestShape(shapeContext(emu, req), emu.store, pull, login(req)) };
    },
    optional,
  );

  router.add(
    "GET",
    "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    (req) => {
      const { repo, pull } = pullOr404(emu, req, DOCS.reviews);
      const ctx = shapeContext(emu, req);
      const reviews = emu.store
        .reviewsOf(pull.id)
        .sort((a, b) => a.submittedAt - b.submittedAt || a.id - b.id)
        .map((r) => reviewShape(ctx, emu.store, repo, pull, r));
      return listResponse(emu, req, reviews, lenientPaging(req.query));
    },
    optional,
  );

  router.add(
    "GET",
    "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    (req) => {
      const { repo, pull } = pullOr404(emu, req, DOCS.requested);
      return { status: 200, body: reviewRequestShape(shapeContext(emu, req), emu.store, repo, pull) };
    },
    optional,
  );

  router.add(
    "GET",
    "/repos/{owner}/{repo}/commits/{ref+}/check-runs",
    (req) => {
      const repo = visibleRepo(emu, req, req.params.owner ?? "", req.params.repo ?? "", DOCS.checkRuns);
      const sha = resolveRef(emu, repo, req.params.ref ?? "");
      if (!sha) return githubError(422, `No commit found for SHA: ${req.params.ref ?? ""}`, DOCS.checkRuns);
      const name = req.query.get("check_name");
      const status = req.query.get("status");
      const ctx = shapeContext(emu, req);
      const checks = emu.store
        .checkRunsFor(repo.id, sha)
        .filter((c) => (name === null || c.name === name) && (status === null || c.status === status))
        .sort((a, b) => b.id - a.id)
        .map((c) => checkRunShape(ctx, emu.store, repo, c));
      return listResponse(emu, req, checks, lenientPaging(req.query), "check_runs");
    },
    optional,
  );

  router.add(
    "GET",
    "/repos/{owner}/{repo}/commits/{ref+}/status",
    (req) => {
      const repo = visibleRepo(emu, req, req.params.owner ?? "", req.params.repo ?? "", DOCS.status);
      const sha = resolveRef(emu, repo, req.params.ref ?? "");
      if (!sha) return notFound(DOCS.status);
      const shaped = combinedStatusShape(
        shapeContext(emu, req),
        emu.store,
        repo,
        sha,
        emu.store.statusesFor(repo.id, sha),
        login(req),
      );
      return {
        status: 200,
        body: { ...shaped, statuses: pageOf(shaped.statuses, lenientPaging(req.query, 100)) },
      };
    },
    optional,
  );

  router.add(
    "GET",
    "/repos/{owner}/{repo}/actions/runs",
    (req) => {
      const repo = visibleRepo(emu, req, req.params.owner ?? "", req.params.repo ?? "", DOCS.runs);
      const status = req.query.get("status");
      if (status !== null && !RUN_STATUSES.has(status)) invalidParam("status", status, DOCS.runs);
      const headSha = req.query.get("head_sha");
      const branch = req.query.get("branch");
      const event = req.query.get("event");
      const actor = req.query.get("actor");
      const ctx = shapeContext(emu, req);
      const runs = emu.store
        .workflowRunsOf(repo.id)
        .filter(
          (r) =>
            (status === null || r.status === status || r.conclusion === status) &&
            (headSha === null || r.headSha === headSha) &&
            (branch === null || r.headBranch === branch) &&
            (event === null || r.event === event) &&
            (actor === null || r.actorLogin.toLowerCase() === actor.toLowerCase()),
        )
        .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
        .map((r) => workflowRunShape(ctx, emu.store, repo, r, login(req)));
      return listResponse(emu, req, runs, lenientPaging(req.query), "workflow_runs");
    },
    optional,
  );

  router.add(
    "POST",
    "/repos/{owner}/{repo}/actions/runs/{run_id}/approve",
    (req) => {
      const user = req.auth!.user;
      const repo = visibleRepo(emu, req, req.params.owner ?? "", req.params.repo ?? "", DOCS.approve);
      const run = emu.store.workflowRunsOf(repo.id).find((r) => r.id === Number(req.params.run_id));
      if (!run) return notFound(DOCS.approve);
      const permission = emu.store.permission(user.login, repo);
      if (permission !== "write" && permission !== "admin")
        return githubError(403, "Must have admin rights to Repository.", DOCS.approve);
      if (!emu.pulls.approve(run, user.login))
        return githubError(403, "This run is not waiting for approval.", DOCS.approve);
      return { status: 201, body: {} };
    },
    { auth: "required" },
  );
}

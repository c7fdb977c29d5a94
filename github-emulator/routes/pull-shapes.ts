/** Response shapes for pull requests' reviews, checks, statuses and workflow runs. */
import type { components } from "@octokit/openapi-types";
import { iso } from "../core/clock";
import type {
  CheckRunRecord,
  CommitStatusRecord,
  PullRecord,
  RepoRecord,
  ReviewRecord,
  WorkflowRunRecord,
} from "../core/model";
import type { Store } from "../core/store";
import {
  copilotBot,
  minimalRepositoryShape,
  nodeId,
  pullRequestShape,
  simpleUser,
  teamSimple,
  type ShapeContext,
} from "./shapes";

type Schemas = components["schemas"];

/** The list shape: the full pull request without the fields only `GET /pulls/{n}` computes. */
export function pullRequestSimpleShape(
  ctx: ShapeContext,
  store: Store,
  pull: PullRecord,
  login: string | null,
): Schemas["pull-request-simple"] {
  const {
    merged: _merged,
    mergeable: _mergeable,
    rebaseable: _rebaseable,
    mergeable_state: _mergeableState,
    merged_by: _mergedBy,
    comments: _comments,
    review_comments: _reviewComments,
    maintainer_can_modify: _maintainerCanModify,
    commits: _commits,
    additions: _additions,
    deletions: _deletions,
    changed_files: _changedFiles,
    labels: _labels,
    ...simple
  } = pullRequestShape(ctx, store, pull, login);
  // The list's teams are full teams (with `parent`), the single PR's are team-simple.
  return {
    ...simple,
    labels: [],
    requested_teams: (simple.requested_teams ?? []).map((team) => ({ ...team, parent: null })),
  };
}

function person(ctx: ShapeContext, store: Store, login: string): Schemas["simple-user"] | null {
  if (login === "Copilot") return copilotBot(ctx);
  const user = store.user(login);
  return user ? simpleUser(ctx, user) : null;
}

export function reviewShape(
  ctx: ShapeContext,
  store: Store,
  repo: RepoRecord,
  pull: PullRecord,
  review: ReviewRecord,
): Schemas["pull-request-review"] {
  const html = `${ctx.web}/${repo.owner}/${repo.name}/pull/${pull.number}#pullrequestreview-${review.id}`;
  const pullUrl = `${ctx.api}/repos/${repo.owner}/${repo.name}/pulls/${pull.number}`;
  return {
    id: review.id,
    node_id: nodeId("PullRequestReview", review.id),
    user: person(ctx, store, review.login),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullUrl,
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    submitted_at: iso(review.submittedAt),
    commit_id: review.commitId,
    author_association: "MEMBER",
  };
}

export function reviewRequestShape(
  ctx: ShapeContext,
  store: Store,
  repo: RepoRecord,
  pull: PullRecord,
): Schemas["pull-request-review-request"] {
  const org = store.org(repo.owner);
  return {
    users: pull.requestedReviewers.flatMap((l) => {
      const user = store.user(l);
      return user ? [simpleUser(ctx, user)] : [];
    }),
    teams: org
      ? pull.requestedTeams.flatMap((slug) => {
          const team = store.team(org.login, slug);
          return team ? [{ ...teamSimple(ctx, org, team), parent: null }] : [];
        })
      : [],
  };
}

/** GitHub Actions, the app that owns workflow check runs. */
function actionsApp(ctx: ShapeContext): NonNullable<Schemas["check-run"]["app"]> {
  return {
    id: 15368,
    slug: "github-actions",
    node_id: "MDM6QXBwMTUzNjg=",
    client_id: "Iv1.05c79e9ad1f6bdfa",
    owner: {
      login: "github",
      id: 9919,
      node_id: "MDEyOk9yZ2FuaXphdGlvbjk5MTk=",
      url: `${ctx.api}/users/github`,
      repos_url: `${ctx.api}/users/github/repos`,
      events_url: `${ctx.api}/users/github/events{/privacy}`,
      avatar_url: `${ctx.web}/avatars/u/9919?v=4`,
      gravatar_id: "",
      html_url: `${ctx.web}/github`,
      followers_url: `${ctx.api}/users/github/followers`,
      following_url: `${ctx.api}/users/github/following{/other_user}`,
      gists_url: `${ctx.api}/users/github/gists{/gist_id}`,
      starred_url: `${ctx.api}/users/github/starred{/owner}{/repo}`,
      subscriptions_url: `${ctx.api}/users/github/subscriptions`,
      organizations_url: `${ctx.api}/users/github/orgs`,
      received_events_url: `${ctx.api}/users/github/received_events`,
      type: "Organization",
      site_admin: false,
      user_view_type: "public",
    },
    name: "GitHub Actions",
    description: "Automate your workflow from idea to production",
    external_url: "https://help.github.com/en/actions",
    html_url: `${ctx.web}/apps/github-actions`,
    created_at: "2018-07-30T09:30:17Z",
    updated_at: "2024-04-10T20:33:16Z",
    permissions: { actions: "write", checks: "write", contents: "write", pull_requests: "write" },
    events: ["check_run", "check_suite", "pull_request", "push", "workflow_run"],
  };
}

function pullRef(ctx: ShapeContext, store: Store, repo: RepoRecord, pullId: number | null) {
  const pull = pullId !== null ? store.pullsById.get(pullId) : undefined;
  if (!pull) return [];
  const repoRef = { id: repo.id, url: `${ctx.api}/repos/${repo.owner}/${repo.name}`, name: repo.name };
  return [
    {
      id: pull.id,
      number: pull.number,
      url: `${ctx.api}/repos/${repo.owner}/${repo.name}/pulls/${pull.number}`,
      head: { ref: pull.headRef, sha: pull.headSha, repo: repoRef },
      base: { ref: pull.baseRef, sha: pull.baseSha, repo: repoRef },
    },
  ];
}

export function checkRunShape(
  ctx: ShapeContext,
  store: Store,
  repo: RepoRecord,
  check: CheckRunRecord,
): Schemas["check-run"] {
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const run = store.data.workflowRuns.find((r) => r.id === check.workflowRunId);
  const html = `${ctx.web}/${repo.owner}/${repo.name}/actions/runs/${check.workflowRunId}/job/${check.id}`;
  return {
    id: check.id,
    head_sha: check.headSha,
    node_id: nodeId("CheckRun", check.id),
    external_id: String(check.id),
    url: `${api}/check-runs/${check.id}`,
    html_url: html,
    details_url: html,
    status: check.status,
    conclusion: check.conclusion,
    started_at: iso(check.startedAt),
    completed_at: check.completedAt !== null ? iso(check.completedAt) : null,
    output: {
      title: null,
      summary: null,
      text: null,
      annotations_count: 0,
      annotations_url: `${api}/check-runs/${check.id}/annotations`,
    },
    name: check.name,
    check_suite: { id: check.workflowRunId + 1_000_000_000 },
    app: actionsApp(ctx),
    pull_requests: pullRef(ctx, store, repo, run?.pullId ?? null),
  };
}

export function combinedStatusShape(
  ctx: ShapeContext,
  store: Store,
  repo: RepoRecord,
  sha: string,
  statuses: CommitStatusRecord[],
  login: string | null,
): Schemas["combined-commit-status"] {
  // The latest status per context counts; GitHub's rules for the combined state.
  const latest = new Map<string, CommitStatusRecord>();
  for (const status of [...statuses].sort((a, b) => a.updatedAt - b.updatedAt))
    latest.set(status.context, status);
  const current = [...latest.values()];
  const state = current.some((s) => s.state === "error" || s.state === "failure")
    ? "failure"
    : current.length > 0 && current.every((s) => s.state === "success")
      ? "success"
      : "pending";
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  return {
    state,
    statuses: current.map((s) => ({
      id: s.id,
      node_id: nodeId("StatusContext", s.id),
      url: `${api}/statuses/${sha}`,
      avatar_url: `${ctx.web}/avatars/u/${store.user(s.creatorLogin)?.id ?? 0}?v=4`,
      state: s.state,
      description: s.description,
      target_url: s.targetUrl,
      context: s.context,
      created_at: iso(s.createdAt),
      updated_at: iso(s.updatedAt),
      required: false,
    })),
    sha,
    total_count: current.length,
    repository: minimalRepositoryShape(ctx, store, repo, login),
    commit_url: `${api}/commits/${sha}`,
    url: `${api}/commits/${sha}/status`,
  };
}

export function workflowRunShape(
  ctx: ShapeContext,
  store: Store,
  repo: RepoRecord,
  run: WorkflowRunRecord,
  login: string | null,
): Schemas["workflow-run"] {
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const url = `${api}/actions/runs/${run.id}`;
  const actor = person(ctx, store, run.actorLogin) ?? copilotBot(ctx);
  const repository = minimalRepositoryShape(ctx, store, repo, login);
  const pull = run.pullId !== null ? store.pullsById.get(run.pullId) : undefined;
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId("WorkflowRun", run.id),
    check_suite_id: run.id + 1_000_000_000,
    check_suite_node_id: nodeId("CheckSuite", run.id + 1_000_000_000),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.path,
    run_number: run.runNumber,
    run_attempt: 1,
    referenced_workflows: [],
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    url,
    html_url: `${ctx.web}/${repo.owner}/${repo.name}/actions/runs/${run.id}`,
    pull_requests: pullRef(ctx, store, repo, run.pullId),
    created_at: iso(run.createdAt),
    updated_at: iso(run.updatedAt),
    actor,
    triggering_actor: actor,
    run_started_at: iso(run.createdAt),
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${api}/check-suites/${run.id + 1_000_000_000}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${api}/actions/workflows/${run.workflowId}`,
    head_commit: {
      id: run.headSha,
      tree_id: run.headSha.split("").reverse().join(""),
      message: pull ? pull.title : `Push to ${run.headBranch}`,
      timestamp: iso(run.createdAt),
      author: { name: actor.login, email: `${actor.id}+${actor.login}@users.noreply.github.com` },
      committer: { name: "GitHub", email: "noreply@github.com" },
    },
    repository,
    head_repository: repository,
    display_title: pull ? pull.title : run.name,
  };
}

import type { components } from "@octokit/openapi-types";
import { iso } from "../core/clock";
import type {
  OrgRecord,
  Permission,
  PullRecord,
  RepoRecord,
  TeamRecord,
  UserEmail,
  UserRecord,
} from "../core/model";
import type { Store } from "../core/store";

type Schemas = components["schemas"];

/** Where links point and which API version shapes the payload. */
export interface ShapeContext {
  /** API base, e.g. `http://127.0.0.1:4010` or `.../api/v3`. */
  api: string;
  /** Web base, e.g. `http://127.0.0.1:4010`. */
  web: string;
  apiVersion: string;
}

/** 2026-03-10 removes a few deprecated fields (x-github-breaking-changes in the description). */
const isModern = (ctx: ShapeContext) => ctx.apiVersion >= "2026-03-10";

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`0${kind.length}:${kind}${id}`).toString("base64").replace(/=+$/, "");
}

function accountUrls(ctx: ShapeContext, login: string) {
  const api = `${ctx.api}/users/${login}`;
  return {
    url: api,
    html_url: `${ctx.web}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
  };
}

export function avatarUrl(ctx: ShapeContext, id: number): string {
  return `${ctx.web}/avatars/u/${id}?v=4`;
}

export function simpleUser(ctx: ShapeContext, user: UserRecord): Schemas["simple-user"] {
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId("User", user.id),
    avatar_url: avatarUrl(ctx, user.id),
    gravatar_id: "",
    ...accountUrls(ctx, user.login),
    type: "User",
    user_view_type: "public",
    site_admin: user.siteAdmin,
  };
}

/** The Copilot bot account that authors agent pull requests. */
export function copilotBot(ctx: ShapeContext): Schemas["simple-user"] {
  return {
    login: "Copilot",
    id: 198_982_749,
    node_id: "BOT_kgDOC9w8XQ",
    avatar_url: avatarUrl(ctx, 198_982_749),
    gravatar_id: "",
    ...accountUrls(ctx, "Copilot"),
    html_url: `${ctx.web}/apps/copilot-swe-agent`,
    type: "Bot",
    user_view_type: "public",
    site_admin: false,
  };
}

export function orgAsSimpleUser(ctx: ShapeContext, org: OrgRecord): Schemas["simple-user"] {
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId("Organization", org.id),
    avatar_url: avatarUrl(ctx, org.id),
    gravatar_id: "",
    ...accountUrls(ctx, org.login),
    type: "Organization",
    user_view_type: "public",
    site_admin: false,
  };
}

export function ownerOf(ctx: ShapeContext, store: Store, repo: RepoRecord): Schemas["simple-user"] {
  if (repo.ownerType === "Organization") {
    const org = store.org(repo.owner);
    if (org) return orgAsSimpleUser(ctx, org);
  }
  const user = store.user(repo.owner);
  if (!user) throw new Error(`unknown owner ${repo.owner}`);
  return simpleUser(ctx, user);
}

export function ownerId(store: Store, repo: RepoRecord): number {
  return repo.ownerType === "Organization"
    ? (store.org(repo.owner)?.id ?? 0)
    : (store.user(repo.owner)?.id ?? 0);
}

export function privateUser(ctx: ShapeContext, store: Store, user: UserRecord): Schemas["private-user"] {
  const owned = store.data.repos.filter((r) => r.owner === user.login);
  const primary = user.emails.find((e) => e.primary);
  return {
    ...simpleUser(ctx, user),
    user_view_type: "private",
    name: user.name,
    company: user.company,
    blog: user.blog,
    location: user.location,
    email: primary && primary.visibility === "public" ? primary.email : null,
    notification_email: primary?.email ?? null,
    hireable: null,
    bio: user.bio,
    twitter_username: user.twitterUsername,
    public_repos: owned.filter((r) => r.visibility === "public").length,
    public_gists: 0,
    followers: 3 + (user.id % 20),
    following: user.id % 7,
    created_at: iso(user.createdAt),
    updated_at: iso(user.createdAt + 300 * 86_400_000),
    private_gists: 0,
    total_private_repos: owned.filter((r) => r.visibility !== "public").length,
    owned_private_repos: owned.filter((r) => r.visibility !== "public").length,
    disk_usage: 1024 * owned.length,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: "free", space: 976_562_499, collaborators: 0, private_repos: 10_000 },
  };
}

/**
 * The public profile shape (`/user` for a token without `read:user`). The public-user schema forbids
 * additional properties, so this lists exactly its fields.
 */
export function publicUser(ctx: ShapeContext, store: Store, user: UserRecord) {
  const full = privateUser(ctx, store, user);
  return {
    ...simpleUser(ctx, user),
    name: full.name,
    company: full.company,
    blog: full.blog,
    location: full.location,
    email: full.email,
    hireable: full.hireable,
    bio: full.bio,
    twitter_username: full.twitter_username,
    public_repos: full.public_repos,
    public_gists: full.public_gists,
    followers: full.followers,
    following: full.following,
    created_at: full.created_at,
    updated_at: full.updated_at,
  };
}

export function email(e: UserEmail): Schemas["email"] {
  return { email: e.email, primary: e.primary, verified: e.verified, visibility: e.visibility };
}

export function organizationSimple(ctx: ShapeContext, org: OrgRecord): Schemas["organization-simple"] {
  const api = `${ctx.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId("Organization", org.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: avatarUrl(ctx, org.id),
    description: org.description,
  };
}

/** A person's membership of an organization (`GET /user/memberships/orgs/{org}`). */
export function orgMembership(
  ctx: ShapeContext,
  org: OrgRecord,
  user: UserRecord,
  membership: { role: OrgRecord["members"][string]; state: "active" | "pending" },
): Schemas["org-membership"] {
  return {
    url: `${ctx.api}/orgs/${org.login}/memberships/${user.login}`,
    state: membership.state,
    role: membership.role,
    organization_url: `${ctx.api}/orgs/${org.login}`,
    // Enterprise teams are not emulated: every membership is direct.
    direct_membership: true,
    enterprise_teams_providing_indirect_membership: [],
    organization: organizationSimple(ctx, org),
    user: simpleUser(ctx, user),
  };
}

function repoUrls(ctx: ShapeContext, repo: RepoRecord) {
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const host = new URL(ctx.web).host;
  return {
    url: api,
    html_url: `${ctx.web}/${repo.owner}/${repo.name}`,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${host}/${repo.owner}/${repo.name}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${host}:${repo.owner}/${repo.name}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${ctx.web}/${repo.owner}/${repo.name}.git`,
    hooks_url: `${api}/hooks`,
    svn_url: `${ctx.web}/${repo.owner}/${repo.name}`,
  };
}

function licenseShape(ctx: ShapeContext, key: RepoRecord["license"]): Schemas["license-simple"] | null {
  if (!key) return null;
  const name = key === "mit" ? "MIT License" : "Apache License 2.0";
  const spdx = key === "mit" ? "MIT" : "Apache-2.0";
  return {
    key,
    name,
    spdx_id: spdx,
    url: `${ctx.api}/licenses/${key}`,
    node_id: nodeId("License", key === "mit" ? 13 : 2),
  };
}

function permissionsShape(permission: Permission | null) {
  const rank = permission === "admin" ? 3 : permission === "write" ? 2 : permission === "read" ? 1 : 0;
  return { admin: rank >= 3, maintain: rank >= 3, push: rank >= 2, triage: rank >= 2, pull: rank >= 1 };
}

/** The `repository` schema (used by /user/repos and inside pull requests). */
export function repositoryShape(
  ctx: ShapeContext,
  store: Store,
  repo: RepoRecord,
  login: string | null,
): Schemas["repository"] {
  const shape: Schemas["repository"] = {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    license: licenseShape(ctx, repo.license),
    forks: repo.forks,
    permissions: permissionsShape(store.permission(login, repo)),
    owner: ownerOf(ctx, store, repo),
    private: repo.visibility !== "public",
    description: repo.description,
    fork: false,
    ...repoUrls(ctx, repo),
    mirror_url: null,
    homepage: repo.homepage,
    language: repo.language,
    forks_count: repo.forks,
    stargazers_count: repo.stargazers,
    watchers_count: repo.stargazers,
    size: repo.size,
    default_branch: repo.defaultBranch,
    open_issues_count: repo.openIssues,
    is_template: repo.isTemplate,
    topics: repo.topics,
    has_issues: true,
    has_projects: true,
    has_wiki: repo.visibility === "public",
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: repo.archived,
    disabled: false,
    visibility: repo.visibility,
    pushed_at: iso(repo.pushedAt),
    created_at: iso(repo.createdAt),
    updated_at: iso(repo.updatedAt),
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: true,
    allow_merge_commit: true,
    allow_forking: repo.visibility !== "private",
    web_commit_signoff_required: false,
    open_issues: repo.openIssues,
    watchers: repo.stargazers,
  };
  if (!isModern(ctx)) return shape;
  // 2026-03-10 drops has_downloads; the generated types follow the 2022-11-28 description.
  const { has_downloads: _dropped, ...modern } = shape;
  return modern as Schemas["repository"];
}

export function fullRepositoryShape(
  ctx: ShapeContext,
  store: Store,
  repo: RepoRecord,
  login: string | null,
): Schemas["full-repository"] {
  const base = repositoryShape(ctx, store, repo, login);
  const template = repo.templateRepoId !== null ? store.reposById.get(repo.templateRepoId) : undefined;
  const org = repo.ownerType === "Organization" ? store.org(repo.owner) : undefined;
  return {
    ...base,
    pushed_at: iso(repo.pushedAt),
    created_at: iso(repo.createdAt),
    updated_at: iso(repo.updatedAt),
    template_repository: template ? repositoryShape(ctx, store, template, login) : null,
    has_discussions: false,
    subscribers_count: 3 + (repo.id % 11),
    network_count: repo.forks,
    ...(org ? { organization: orgAsSimpleUser(ctx, org) } : {}),
    custom_properties: {},
  };
}

export function minimalRepositoryShape(
  ctx: ShapeContext,
  store: Store,
  repo: RepoRecord,
  login: string | null,
): Schemas["minimal-repository"] {
  const { license, ...rest } = repositoryShape(ctx, store, repo, login);
  return { ...rest, license: license ? { ...license, spdx_id: license.spdx_id ?? undefined } : null };
}

export function shortBranch(
  ctx: ShapeContext,
  repo: RepoRecord,
  name: string,
  sha: string,
): Schemas["short-branch"] {
  return {
    name,
    commit: { sha, url: `${ctx.api}/repos/${repo.owner}/${repo.name}/commits/${sha}` },
    protected: name === repo.defaultBranch,
  };
}

export function teamSimple(ctx: ShapeContext, org: OrgRecord, team: TeamRecord): Schemas["team-simple"] {
  return {
    id: team.id,
    node_id: nodeId("Team", team.id),
    url: `${ctx.api}/organizations/${org.id}/team/${team.id}`,
    html_url: `${ctx.web}/orgs/${org.login}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: team.description,
    privacy: "closed",
    notification_setting: "notifications_enabled",
    permission: "pull",
    members_url: `${ctx.api}/organizations/${org.id}/team/${team.id}/members{/member}`,
    repositories_url: `${ctx.api}/organizations/${org.id}/team/${team.id}/repos`,
    type: "organization",
    organization_id: org.id,
  };
}

export function pullRequestShape(
  ctx: ShapeContext,
  store: Store,
  pull: PullRecord,
  login: string | null,
): Schemas["pull-request"] {
  const repo = store.reposById.get(pull.repoId)!;
  const repoShape = repositoryShape(ctx, store, repo, login);
  const owner = ownerOf(ctx, store, repo);
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const html = `${ctx.web}/${repo.owner}/${repo.name}/pull/${pull.number}`;
  const issue = `${api}/issues/${pull.number}`;
  const userOf = (l: string) => store.user(l);
  const author = pull.userLogin === "Copilot" ? copilotBot(ctx) : simpleUser(ctx, userOf(pull.userLogin)!);
  const assignees = pull.assignees.flatMap((l) => (userOf(l) ? [simpleUser(ctx, userOf(l)!)] : []));
  const org = store.org(repo.owner);
  return {
    url: `${api}/pulls/${pull.number}`,
    id: pull.id,
    node_id: `PR_${Buffer.from(`0:${repo.id}:${pull.id}`).toString("base64url")}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${api}/pulls/${pull.number}/commits`,
    review_comments_url: `${api}/pulls/${pull.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: author,
    body: pull.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: iso(pull.createdAt),
    updated_at: iso(pull.updatedAt),
    closed_at: pull.closedAt !== null ? iso(pull.closedAt) : null,
    merged_at: pull.mergedAt !== null ? iso(pull.mergedAt) : null,
    merge_commit_sha: pull.merged ? pull.headSha.split("").reverse().join("") : null,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: pull.requestedReviewers.flatMap((l) =>
      userOf(l) ? [simpleUser(ctx, userOf(l)!)] : [],
    ),
    requested_teams: org
      ? pull.requestedTeams.flatMap((slug) => {
          const team = store.team(org.login, slug);
          return team ? [teamSimple(ctx, org, team)] : [];
        })
      : [],
    head: {
      label: `${repo.owner}:${pull.headRef}`,
      ref: pull.headRef,
      repo: repoShape,
      sha: pull.headSha,
      user: owner,
    },
    base: {
      label: `${repo.owner}:${pull.baseRef}`,
      ref: pull.baseRef,
      repo: repoShape,
      sha: pull.baseSha,
      user: owner,
    },
    _links: {
      self: { href: `${api}/pulls/${pull.number}` },
      html: { href: html },
      issue: { href: issue },
      comments: { href: `${issue}/comments` },
      review_comments: { href: `${api}/pulls/${pull.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pull.number}/commits` },
      statuses: { href: `${api}/statuses/${pull.headSha}` },
    },
    author_association: pull.userLogin === "Copilot" ? "CONTRIBUTOR" : "MEMBER",
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: pull.state === "open" ? !pull.draft : null,
    rebaseable: pull.state === "open" ? true : null,
    mergeable_state: pull.state === "open" ? (pull.draft ? "draft" : "clean") : "unknown",
    merged_by: pull.mergedBy && userOf(pull.mergedBy) ? simpleUser(ctx, userOf(pull.mergedBy)!) : null,
    comments: pull.commits > 1 ? 1 : 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pull.commits,
    additions: pull.additions,
    deletions: pull.deletions,
    changed_files: pull.changedFiles,
  };
}

/**
 * Links to GitHub's web pages (`GITHUB_WEB_URL`: github.com, a GHE.com host or the emulator) and
 * the reverse: what a pasted GitHub URL points at. Pure, so the server, the client and the worker
 * build the same URLs; every path segment is encoded, so a name cannot change the path.
 */

const segment = (value: string) => encodeURIComponent(value);
const trimBase = (web: string) => web.replace(/\/+$/, "");

export type RepositoryRef = { owner: string; name: string };

export function githubPersonUrl(web: string, login: string): string {
  return `${trimBase(web)}/${segment(login)}`;
}

export function githubRepositoryUrl(web: string, repo: RepositoryRef): string {
  return `${trimBase(web)}/${segment(repo.owner)}/${segment(repo.name)}`;
}

/** A branch's tree; a branch name's slashes stay slashes, as GitHub writes them. */
export function githubBranchUrl(web: string, repo: RepositoryRef, branch: string): string {
  return `${githubRepositoryUrl(web, repo)}/tree/${branch.split("/").map(segment).join("/")}`;
}

/**
 * A pull request: by number when known; otherwise the repository's pull requests from the branch
 * (the Agent tasks API gives a PR's database id, not its number).
 */
export function githubPullRequestUrl(
  web: string,
  repo: RepositoryRef,
  pull: { number: number } | { headRef: string },
): string {
  const base = githubRepositoryUrl(web, repo);
  return "number" in pull
    ? `${base}/pull/${pull.number}`
    : `${base}/pulls?q=${segment(`is:pr head:${pull.headRef}`)}`;
}

export type GitHubTarget =
  | { kind: "task"; repository: RepositoryRef; taskId: string }
  | { kind: "pull"; repository: RepositoryRef; number: number }
  | { kind: "branch"; repository: RepositoryRef; branch: string }
  | { kind: "repository"; repository: RepositoryRef }
  | { kind: "person"; login: string };

/** GitHub's own top-level paths: never a person's or an organisation's login. */
const RESERVED = new Set(["orgs", "settings", "login", "copilot", "apps", "marketplace", "notifications"]);

/**
 * What a URL on `web` names: a task (…/copilot/tasks/{id}, or …/agents/tasks/{id}), a pull
 * request, a branch, a repository or a person. null for another host or any other page.
 */
export function parseGitHubUrl(web: string, input: string): GitHubTarget | null {
  let url: URL;
  let base: URL;
  try {
    url = new URL(input.trim());
    base = new URL(web);
  } catch {
    return null;
  }
  if (url.origin !== base.origin) return null;
  const prefix = base.pathname.replace(/\/+$/, "");
  if (!url.pathname.startsWith(`${prefix}/`)) return null;
  let parts: string[];
  try {
    parts = url.pathname
      .slice(prefix.length + 1)
      .split("/")
      .filter(Boolean)
      .map(decodeURIComponent);
  } catch {
    return null;
  }
  const [owner, name, kind, ...rest] = parts;
  if (!owner || RESERVED.has(owner.toLowerCase())) return null;
  if (!name) return { kind: "person", login: owner };
  const repository = { owner, name: name.replace(/\.git$/, "") };
  if (!kind) return { kind: "repository", repository };
  if ((kind === "copilot" || kind === "agents") && rest[0] === "tasks" && rest[1])
    return { kind: "task", repository, taskId: rest[1] };
  if (kind === "pull" && rest[0] && /^\d+$/.test(rest[0]))
    return { kind: "pull", repository, number: Number(rest[0]) };
  if (kind === "tree" && rest.length > 0) return { kind: "branch", repository, branch: rest.join("/") };
  return { kind: "repository", repository };
}

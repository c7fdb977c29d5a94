import "server-only";
import { asGitHubUser } from "@/lib/auth/user-github";
import { listAllUserRepos, listBranches, listUserOrgs } from "@/lib/github";

export type RepoOption = {
  fullName: string;
  owner: string;
  name: string;
  defaultBranch: string | null;
  visibility: string | null;
  isTemplate: boolean;
  canPush: boolean;
  description: string | null;
};

/** Brief per-person cache: pickers ask on every keystroke, GitHub's answer changes rarely. */
const TTL_MS = 60_000;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { at: now, value });
  // A failed load is not kept.
  value.catch(() => cache.delete(key));
  if (cache.size > 2_000) {
    for (const [k, entry] of cache) if (now - entry.at >= TTL_MS) cache.delete(k);
  }
  return value;
}

/** Forget a person's cached lists (after they create a repository). */
export function forgetPickerCache(userId: string) {
  for (const key of cache.keys()) if (key.startsWith(`${userId}:`)) cache.delete(key);
}

/** Every repository the person can see, with whether they can push to it. */
export function userRepositories(userId: string): Promise<RepoOption[]> {
  return cached(`${userId}:repos`, async () => {
    const repos = await asGitHubUser(userId, (client) => listAllUserRepos(client, { sort: "full_name" }));
    return repos.map((repo) => ({
      fullName: repo.full_name,
      owner: repo.owner.login,
      name: repo.name,
      defaultBranch: repo.default_branch ?? null,
      visibility: repo.visibility ?? null,
      isTemplate: repo.is_template === true,
      canPush: Boolean(repo.permissions?.push || repo.permissions?.admin || repo.permissions?.maintain),
      description: repo.description ?? null,
    }));
  });
}

/** Repositories the person can push to (tasks need write access), filtered by a search text. */
export async function searchPushableRepositories(userId: string, query: string, limit = 20) {
  const q = query.trim().toLowerCase();
  const all = (await userRepositories(userId)).filter((repo) => repo.canPush);
  const matches = q ? all.filter((repo) => repo.fullName.toLowerCase().includes(q)) : all;
  // Names starting with the query first.
  matches.sort((a, b) => {
    const rank = (repo: RepoOption) => (repo.name.toLowerCase().startsWith(q) ? 0 : 1);
    return rank(a) - rank(b) || a.fullName.localeCompare(b.fullName);
  });
  return { repositories: matches.slice(0, limit), total: matches.length };
}

export async function templateRepositories(userId: string): Promise<RepoOption[]> {
  return (await userRepositories(userId)).filter((repo) => repo.isTemplate);
}

export function userOrganisations(userId: string): Promise<string[]> {
  return cached(`${userId}:orgs`, async () => {
    const orgs = await asGitHubUser(userId, (client) => listUserOrgs(client));
    return orgs.map((org) => org.login).sort((a, b) => a.localeCompare(b));
  });
}

export function repositoryBranches(userId: string, owner: string, repo: string): Promise<string[]> {
  return cached(`${userId}:branches:${owner}/${repo}`.toLowerCase(), async () => {
    const result = await asGitHubUser(userId, (client) =>
      listBranches(client, owner, repo, { per_page: 100 }),
    );
    return result.notModified ? [] : result.data.map((branch) => branch.name);
  });
}

import "server-only";
import type { SignedInUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { parseGitHubUrl, type RepositoryRef } from "@/lib/github/web-urls";
import { visibleRepositoryWhere, visibleTaskWhere } from "@/lib/visibility/scope";

/*
 * The command palette's search: tasks, repositories, campaigns, templates and people matching
 * what was typed, or what a pasted GitHub URL names. Tasks and repositories follow the viewer's
 * visibility; campaign and template names are Switchyard's own and listed for everyone (as on
 * their pages); people are those who have signed in (as the pickers offer them).
 */

export const SEARCH_KINDS = ["task", "repository", "campaign", "template", "person"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export type SearchHit = {
  kind: SearchKind;
  /** Unique within the answer. */
  key: string;
  label: string;
  detail: string | null;
  /** Where choosing it goes, inside Switchyard. */
  href: string;
};

export type SearchAnswer = {
  hits: SearchHit[];
  /** What a pasted URL named and why it found nothing or less than asked ("not a task you can see"). */
  note: string | null;
};

/** Hits of each kind at most: the palette is a jump list, not a results page. */
export const SEARCH_LIMIT_PER_KIND = 5;
/** Task names are searched (a scan) only from this many characters; ids from the first. */
const TASK_NAME_MIN = 3;

const queueOf = (params: Record<string, string>) => `/tasks?${new URLSearchParams(params).toString()}`;

type TaskRow = {
  id: string;
  name: string | null;
  state: string;
  repository: { owner: string; name: string };
};

const taskHit = (task: TaskRow): SearchHit => ({
  kind: "task",
  key: `task:${task.id}`,
  label: task.name ?? task.id,
  detail: `${task.repository.owner}/${task.repository.name} · ${task.state.replaceAll("_", " ")} · ${task.id}`,
  href: `/tasks/${encodeURIComponent(task.id)}`,
});

const repositoryHit = (repo: RepositoryRef & { defaultBranch?: string | null }): SearchHit => {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    kind: "repository",
    key: `repository:${fullName}`,
    label: fullName,
    detail: "Tasks in this repository",
    href: queueOf({ repo: fullName }),
  };
};

const personHit = (person: { login: string; name: string | null }): SearchHit => ({
  kind: "person",
  key: `person:${person.login}`,
  label: person.login,
  detail: person.name ? `${person.name} · their tasks` : "Their tasks",
  href: queueOf({ creator: person.login }),
});

const taskSelect = {
  id: true,
  name: true,
  state: true,
  repository: { select: { owner: true, name: true } },
} as const;

async function findRepository(viewer: SignedInUser, ref: RepositoryRef) {
  return db.repository.findFirst({
    where: {
      owner: { equals: ref.owner, mode: "insensitive" },
      name: { equals: ref.name, mode: "insensitive" },
      ...visibleRepositoryWhere(viewer),
    },
    select: { owner: true, name: true },
  });
}

/** What a pasted GitHub URL names, among what the viewer may see; null when the text is no such URL. */
async function searchUrl(viewer: SignedInUser, text: string): Promise<SearchAnswer | null> {
  const target = parseGitHubUrl(getEnv().GITHUB_WEB_URL, text);
  if (!target) return null;
  if (target.kind === "person") {
    const person = await db.user.findFirst({
      where: { login: { equals: target.login, mode: "insensitive" }, accounts: { some: {} } },
      select: { login: true, name: true },
    });
    return person
      ? { hits: [personHit({ login: person.login!, name: person.name })], note: null }
      : { hits: [], note: `${target.login} has not signed in to Switchyard.` };
  }
  const repository = await findRepository(viewer, target.repository);
  const fullName = `${target.repository.owner}/${target.repository.name}`;
  if (target.kind === "task") {
    const task = await db.task.findFirst({
      where: { id: target.taskId, ...visibleTaskWhere(viewer) },
      select: taskSelect,
    });
    if (task) return { hits: [taskHit(task)], note: null };
    return {
      hits: repository ? [repositoryHit(repository)] : [],
      note: "That task is not one Switchyard has, or not in a repository you can see.",
    };
  }
  if (!repository)
    return { hits: [], note: `${fullName} is not a repository with tasks you can see in Switchyard.` };
  if (target.kind === "repository") return { hits: [repositoryHit(repository)], note: null };
  if (target.kind === "branch") {
    const tasks = await db.task.findMany({
      where: {
        headRef: target.branch,
        repository: { owner: repository.owner, name: repository.name },
        ...visibleTaskWhere(viewer),
      },
      select: taskSelect,
      orderBy: { githubUpdatedAt: "desc" },
      take: SEARCH_LIMIT_PER_KIND,
    });
    return {
      hits: [...tasks.map(taskHit), repositoryHit(repository)],
      note: tasks.length === 0 ? `No task you can see worked on branch ${target.branch}.` : null,
    };
  }
  // A pull request: the Agent tasks API gives a PR's database id, not its number, so the tasks
  // that opened one in this repository are the closest Switchyard can offer.
  const tasks = await db.task.findMany({
    where: {
      pullRequestId: { not: null },
      repository: { owner: repository.owner, name: repository.name },
      ...visibleTaskWhere(viewer),
    },
    select: taskSelect,
    orderBy: { githubUpdatedAt: "desc" },
    take: SEARCH_LIMIT_PER_KIND,
  });
  return {
    hits: [...tasks.map(taskHit), repositoryHit(repository)],
    note: `Switchyard does not know pull request numbers: these are the tasks in ${fullName} that opened a pull request.`,
  };
}

export async function searchEverything(viewer: SignedInUser, query: string): Promise<SearchAnswer> {
  const text = query.trim();
  if (!text) return { hits: [], note: null };
  const fromUrl = await searchUrl(viewer, text);
  if (fromUrl) return fromUrl;

  const contains = { contains: text, mode: "insensitive" } as const;
  const slash = text.indexOf("/");
  const repoWhere =
    slash > 0
      ? {
          owner: { equals: text.slice(0, slash), mode: "insensitive" as const },
          name: { startsWith: text.slice(slash + 1), mode: "insensitive" as const },
        }
      : { OR: [{ owner: contains }, { name: contains }] };

  const [tasks, repositories, campaigns, templates, people] = await Promise.all([
    db.task.findMany({
      where: {
        OR: [
          { id: text },
          ...(text.length >= TASK_NAME_MIN ? [{ id: { startsWith: text } }, { name: contains }] : []),
        ],
        ...visibleTaskWhere(viewer),
      },
      select: taskSelect,
      orderBy: { githubUpdatedAt: "desc" },
      take: SEARCH_LIMIT_PER_KIND,
    }),
    db.repository.findMany({
      where: { ...repoWhere, ...visibleRepositoryWhere(viewer) },
      select: { owner: true, name: true },
      orderBy: [{ owner: "asc" }, { name: "asc" }],
      take: SEARCH_LIMIT_PER_KIND,
    }),
    db.campaign.findMany({
      where: { name: contains },
      select: { id: true, name: true, status: true },
      orderBy: { createdAt: "desc" },
      take: SEARCH_LIMIT_PER_KIND,
    }),
    db.template.findMany({
      where: { name: contains, archivedAt: null },
      select: { id: true, name: true, category: true },
      orderBy: { name: "asc" },
      take: SEARCH_LIMIT_PER_KIND,
    }),
    db.user.findMany({
      where: { OR: [{ login: contains }, { name: contains }], accounts: { some: {} }, login: { not: null } },
      select: { login: true, name: true },
      orderBy: { login: "asc" },
      take: SEARCH_LIMIT_PER_KIND,
    }),
  ]);
  return {
    hits: [
      ...tasks.map(taskHit),
      ...repositories.map(repositoryHit),
      ...campaigns.map((campaign) => ({
        kind: "campaign" as const,
        key: `campaign:${campaign.id}`,
        label: campaign.name,
        detail: `Campaign · ${campaign.status.replaceAll("_", " ")}`,
        href: `/campaigns/${encodeURIComponent(campaign.id)}`,
      })),
      ...templates.map((template) => ({
        kind: "template" as const,
        key: `template:${template.id}`,
        label: template.name,
        detail: `Template · ${template.category}`,
        href: `/templates/${encodeURIComponent(template.id)}`,
      })),
      ...people.map((person) => personHit({ login: person.login!, name: person.name })),
    ],
    note: null,
  };
}

/**
 * Which repositories a campaign targets: an explicit list, a whole organisation, an organisation's
 * repositories with a topic, or those whose name matches a glob. Organisation listings are read
 * with the campaign creator's token, so a campaign only ever targets what that person can see.
 */
import { z } from "zod";
import { listAllOrgRepos, OWNER_PATTERN, REPO_PATTERN, type GitHubClient } from "@/lib/github";
import { compileGlob } from "@/lib/patterns/glob";
import { repositoryNamePatternSchema } from "@/lib/validations/patterns";

/** More than this is refused: a campaign this large should be split. */
export const MAX_CAMPAIGN_TARGETS = 1000;

const org = z.string().trim().regex(OWNER_PATTERN, "Use an organisation login, e.g. acme.");

const fullName = z
  .string()
  .trim()
  .refine((value) => {
    const [owner, name, extra] = value.split("/");
    return extra === undefined && OWNER_PATTERN.test(owner ?? "") && REPO_PATTERN.test(name ?? "");
  }, "Write each repository as owner/name.");

export const targetSpecSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("list"),
    repositories: z
      .array(fullName)
      .min(1, "List at least one repository.")
      .max(MAX_CAMPAIGN_TARGETS, `A campaign can target at most ${MAX_CAMPAIGN_TARGETS} repositories.`),
  }),
  z.object({ kind: z.literal("org"), org }),
  z.object({
    kind: z.literal("topic"),
    org,
    topic: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "Topics are lower-case letters, digits and hyphens."),
  }),
  z.object({
    kind: z.literal("pattern"),
    org,
    pattern: repositoryNamePatternSchema,
  }),
]);

export type TargetSpec = z.infer<typeof targetSpecSchema>;

export type ResolvedTarget = {
  owner: string;
  name: string;
  /** Known when the repository came from a listing; the dry run fills it in otherwise. */
  repositoryId: number | null;
  defaultBranch: string | null;
};

export type Resolution = {
  targets: ResolvedTarget[];
  /** Repositories left out on the way and why (archived, duplicates). */
  skipped: { repository: string; reason: string }[];
};

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** The target spec as the campaign form's fields give it (targetKind and its fields), unchecked. */
export function targetSpecFromForm(input: Record<string, unknown>) {
  const kind = text(input.targetKind);
  return kind === "list"
    ? { kind, repositories: parseRepositoryList(text(input.repositories)) }
    : { kind, org: text(input.org), topic: text(input.topic), pattern: text(input.pattern) };
}

/** Parses a textarea of repositories: one per line, or separated by commas or spaces. */
export function parseRepositoryList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((entry) =>
      entry
        .trim()
        .replace(/^https?:\/\/[^/]+\//, "")
        .replace(/\.git$/, "")
        .replace(/\/$/, ""),
    )
    .filter(Boolean);
}

export function describeTargetSpec(spec: TargetSpec): string {
  switch (spec.kind) {
    case "list":
      return `${spec.repositories.length} listed ${spec.repositories.length === 1 ? "repository" : "repositories"}`;
    case "org":
      return `every repository in ${spec.org}`;
    case "topic":
      return `repositories in ${spec.org} with topic “${spec.topic}”`;
    case "pattern":
      return `repositories in ${spec.org} named ${spec.pattern}`;
  }
}

export async function resolveTargets(client: GitHubClient, spec: TargetSpec): Promise<Resolution> {
  const skipped: Resolution["skipped"] = [];
  if (spec.kind === "list") {
    const seen = new Set<string>();
    const targets: ResolvedTarget[] = [];
    for (const entry of spec.repositories) {
      const [owner = "", name = ""] = entry.split("/");
      const key = entry.toLowerCase();
      if (seen.has(key)) {
        skipped.push({ repository: entry, reason: "Listed twice" });
        continue;
      }
      seen.add(key);
      targets.push({ owner, name, repositoryId: null, defaultBranch: null });
    }
    return { targets, skipped };
  }

  const repos = await listAllOrgRepos(client, spec.org, { type: "all", sort: "full_name", direction: "asc" });
  // Compiled (and so checked again) before listing: a pattern stored under older rules is refused here.
  const matches = spec.kind === "pattern" ? compileGlob(spec.pattern) : () => true;
  const targets: ResolvedTarget[] = [];
  for (const repo of repos) {
    if (spec.kind === "topic" && !(repo.topics ?? []).includes(spec.topic)) continue;
    if (!matches(repo.name.toLowerCase())) continue;
    if (repo.archived) {
      skipped.push({ repository: repo.full_name, reason: "Archived" });
      continue;
    }
    targets.push({
      owner: repo.owner.login,
      name: repo.name,
      repositoryId: Number(repo.id),
      defaultBranch: repo.default_branch ?? null,
    });
  }
  targets.sort((a, b) => a.name.localeCompare(b.name));
  if (targets.length > MAX_CAMPAIGN_TARGETS) throw new TargetLimitError(targets.length);
  return { targets, skipped };
}

export class TargetLimitError extends Error {
  override name = "TargetLimitError";
  constructor(readonly count: number) {
    super(
      `That selection matches ${count} repositories; a campaign can target at most ${MAX_CAMPAIGN_TARGETS}. Narrow it with a topic or a name pattern.`,
    );
  }
}

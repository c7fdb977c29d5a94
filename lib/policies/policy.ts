/**
 * Repository policies: per owner/name pattern, whether the agent may open pull requests, which models
 * it may use, and how large a campaign may be without an admin's approval. Every matching policy
 * applies and the strictest value wins, so adding a policy can only tighten what is allowed.
 */
import type { PrismaClient, RepositoryPolicy } from "@/generated/prisma/client";
import { compileGlob } from "@/lib/patterns/glob";

type Db = Pick<PrismaClient, "repositoryPolicy">;

export type EffectivePolicy = {
  /** false = branch-only: the agent pushes a branch and a person opens the pull request. */
  pullRequestsAllowed: boolean;
  /** null = any model (and automatic selection). */
  allowedModels: string[] | null;
  /** null = no limit. */
  maxCampaignSize: number | null;
  /** Patterns of the policies that matched, for messages ("acme/payments-*"). */
  matched: string[];
};

export const OPEN_POLICY: EffectivePolicy = {
  pullRequestsAllowed: true,
  allowedModels: null,
  maxCampaignSize: null,
  matched: [],
};

/** Whether owner/name matches a policy's pattern (lib/patterns/glob.ts: `*` stays within a segment). */
export function matchesPattern(pattern: string, fullName: string): boolean {
  return compileGlob(pattern)(fullName);
}

/** matchesPattern with the pattern compiled once, for testing many repositories against it. */
export function patternMatcher(pattern: string): (fullName: string) => boolean {
  return compileGlob(pattern);
}

/** Combines the policies matching owner/name (pure; `policies` is every policy, any order). */
export function effectivePolicy(
  policies: Pick<RepositoryPolicy, "pattern" | "pullRequests" | "allowedModels" | "maxCampaignSize">[],
  fullName: string,
): EffectivePolicy {
  const result: EffectivePolicy = { ...OPEN_POLICY, matched: [] };
  for (const policy of policies) {
    if (!matchesPattern(policy.pattern, fullName)) continue;
    result.matched.push(policy.pattern);
    if (policy.pullRequests === "branch_only") result.pullRequestsAllowed = false;
    if (policy.allowedModels.length > 0) {
      result.allowedModels =
        result.allowedModels === null
          ? [...policy.allowedModels]
          : result.allowedModels.filter((model) => policy.allowedModels.includes(model));
    }
    if (policy.maxCampaignSize !== null)
      result.maxCampaignSize =
        result.maxCampaignSize === null
          ? policy.maxCampaignSize
          : Math.min(result.maxCampaignSize, policy.maxCampaignSize);
  }
  return result;
}

export async function listPolicies(db: Db) {
  return db.repositoryPolicy.findMany({ orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
}

export async function policyFor(db: Db, owner: string, repo: string): Promise<EffectivePolicy> {
  return effectivePolicy(await listPolicies(db), `${owner}/${repo}`);
}

export type StartInputForPolicy = {
  owner: string;
  repo: string;
  model?: string;
  create_pull_request?: boolean;
};

export type PolicyDecision<T> =
  { ok: true; input: T; notes: string[] } | { ok: false; message: string; notes: string[] };

/**
 * Applies a repository's policy to a start, whatever the form said: a branch-only repository never
 * gets `create_pull_request: true`; a model outside the allowed list is refused (automatic selection
 * is refused too when a list exists, since GitHub could pick any model).
 */
export function applyPolicy<T extends StartInputForPolicy>(
  policy: EffectivePolicy,
  input: T,
): PolicyDecision<T> {
  const notes: string[] = [];
  const where = policy.matched.join(", ");
  let next = input;
  if (!policy.pullRequestsAllowed && input.create_pull_request !== false) {
    next = { ...next, create_pull_request: false };
    if (input.create_pull_request === true)
      notes.push(
        `Pull request turned off: ${input.owner}/${input.repo} is branch-only (policy ${where}). ` +
          "The agent pushes a branch and a person opens the pull request.",
      );
  }
  if (policy.allowedModels !== null) {
    if (!input.model) {
      if (policy.allowedModels.length === 0)
        return {
          ok: false,
          message: `No model is allowed on ${input.owner}/${input.repo} (policy ${where}).`,
          notes,
        };
      return {
        ok: false,
        message:
          `${input.owner}/${input.repo} allows only ${policy.allowedModels.join(", ")} (policy ${where}); ` +
          "choose one of them instead of automatic selection.",
        notes,
      };
    }
    if (!policy.allowedModels.includes(input.model))
      return {
        ok: false,
        message: `${input.model} is not allowed on ${input.owner}/${input.repo}; allowed: ${policy.allowedModels.join(", ") || "none"} (policy ${where}).`,
        notes,
      };
  }
  return { ok: true, input: next, notes };
}

/**
 * The dry run: before a campaign launches, every target repository is checked (visible, base ref
 * exists, policy allows it, prompt renders completely, no open task of this campaign there) and its
 * prompt is rendered from its own facts. The rows it writes are what the runner later starts: the
 * runner sends exactly `CampaignTarget.prompt`.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { mapLimit } from "@/lib/concurrency";
import { branchExists, GitHubError, MAX_PROMPT_LENGTH, type GitHubClient } from "@/lib/github";
import { applyPolicy, effectivePolicy, listPolicies } from "@/lib/policies/policy";
import { getRepositoryFacts } from "@/lib/repo-facts/facts";
import { templateParametersSchema } from "@/lib/templates/parameter-schema";
import type { ParameterValues } from "@/lib/templates/parameters";
import { renderTemplate, TemplateRenderError, type RenderResult } from "@/lib/templates/render";
import type { DryRunCheck, DryRunSummary } from "./dry-run-labels";
import { resolveTargets, targetSpecSchema, type ResolvedTarget } from "./targets";
import { OPEN_STATES } from "@/lib/task-states";

export type WithClient = <T>(work: (client: GitHubClient) => Promise<T>) => Promise<T>;

export { CHECK_LABELS, type DryRunCheck, type DryRunCheckName, type DryRunSummary } from "./dry-run-labels";

/** A task in one of these states is still open: the campaign must not start a second one there. */

export class DryRunError extends Error {
  override name = "DryRunError";
}

/** The draft was edited, or the dry run asked for again, while this one ran: its results are void. */
export class DryRunSuperseded extends Error {
  override name = "DryRunSuperseded";
  constructor() {
    super("The draft changed while the dry run ran, so its results were not kept.");
  }
}

type Evaluation = {
  owner: string;
  name: string;
  repositoryId: bigint | null;
  defaultBranch: string | null;
  prompt: string | null;
  checks: DryRunCheck[];
  warnings: string[];
  eligible: boolean;
};

function describeError(error: unknown): string {
  if (error instanceof GitHubError) {
    if (error.kind === "not_found") return "Not found, or not visible to you.";
    return `Could not read it from GitHub: ${error.message} Run the dry run again.`;
  }
  return "Could not read it from GitHub. Run the dry run again.";
}

export async function runDryRun(
  db: PrismaClient,
  campaignId: string,
  withClient: WithClient,
  options: {
    concurrency?: number;
    /** Called as repositories are checked (the worker records it for the page's progress). */
    onProgress?: (checked: number, total: number) => Promise<void> | void;
    /**
     * The request this run answers (`CampaignDryRun.requestedAt` when it started). Its targets are
     * written only if the request still stands: an edit of the draft, or a newer request, clears or
     * replaces it, and targets from the old spec must never reach a launch.
     */
    requestedAt?: Date;
    /** The caller's writes (its audit record) in the transaction that writes the targets. */
    onWritten?: (tx: Prisma.TransactionClient, summary: DryRunSummary) => Promise<void>;
  } = {},
): Promise<DryRunSummary> {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    include: { templateVersion: true },
  });
  if (!campaign) throw new DryRunError("That campaign does not exist.");
  if (campaign.status !== "draft") throw new DryRunError("Only a draft campaign can be dry-run.");
  const spec = targetSpecSchema.safeParse(campaign.targetSpec);
  if (!spec.success)
    throw new DryRunError(
      `The campaign's targets are not valid (${spec.error.issues[0]?.message ?? "unreadable"}); edit the draft.`,
    );
  const parameters = templateParametersSchema.safeParse(campaign.templateVersion.parameters);
  const templateParameters = parameters.success ? parameters.data : [];
  const values = (campaign.parameters ?? {}) as ParameterValues;

  const policies = await listPolicies(db);
  const openTasks = await db.task.findMany({
    where: { campaignId, state: { in: [...OPEN_STATES] } },
    select: { id: true, repository: { select: { owner: true, name: true } } },
  });
  const openByRepo = new Map(
    openTasks.map((task) => [`${task.repository.owner}/${task.repository.name}`.toLowerCase(), task.id]),
  );

  const { evaluations, skipped } = await withClient(async (client) => {
    const resolution = await resolveTargets(client, spec.data);
    const total = resolution.targets.length;
    let checked = 0;
    await options.onProgress?.(0, total);
    const evaluations = await mapLimit(resolution.targets, options.concurrency ?? 8, async (target) => {
      const evaluation = await evaluate(target, client);
      checked++;
      if (checked % 10 === 0 || checked === total) await options.onProgress?.(checked, total);
      return evaluation;
    });
    return { evaluations, skipped: resolution.skipped };
  });

  async function evaluate(target: ResolvedTarget, client: GitHubClient): Promise<Evaluation> {
    const checks: DryRunCheck[] = [];
    const result: Evaluation = {
      owner: target.owner,
      name: target.name,
      repositoryId: target.repositoryId === null ? null : BigInt(target.repositoryId),
      defaultBranch: target.defaultBranch,
      prompt: null,
      checks,
      warnings: [],
      eligible: false,
    };
    let facts;
    try {
      // A listed repository was not seen through this person's token yet: read it (conditionally)
      // rather than trust facts another person's read cached. Org listings already proved visibility.
      facts = await getRepositoryFacts(
        db,
        client,
        { owner: target.owner, name: target.name },
        target.repositoryId === null ? { maxAgeMs: 0 } : { visibilityProven: true },
      );
    } catch (error) {
      checks.push({ check: "visible", ok: false, message: describeError(error) });
      return result;
    }
    // GitHub's spelling of the names, whatever case the list used.
    result.owner = facts.owner;
    result.name = facts.name;
    result.defaultBranch = facts.defaultBranch;
    checks.push({
      check: "visible",
      ok: true,
      message: facts.visibility ? `Visible (${facts.visibility})` : "Visible",
    });

    const baseRef = campaign!.baseRef ?? facts.defaultBranch;
    if (!baseRef) {
      checks.push({ check: "base_ref", ok: false, message: "The repository has no default branch yet." });
    } else if (campaign!.baseRef) {
      try {
        const exists = await branchExists(client, facts.owner, facts.name, campaign!.baseRef);
        checks.push({
          check: "base_ref",
          ok: exists,
          message: exists ? `Branch ${baseRef} exists` : `Branch ${baseRef} does not exist.`,
        });
      } catch (error) {
        checks.push({ check: "base_ref", ok: false, message: describeError(error) });
      }
    } else {
      checks.push({ check: "base_ref", ok: true, message: `Default branch ${baseRef}` });
    }

    const policy = effectivePolicy(policies, `${facts.owner}/${facts.name}`);
    const decision = applyPolicy(policy, {
      owner: facts.owner,
      repo: facts.name,
      model: campaign!.model ?? undefined,
      create_pull_request: campaign!.createPullRequest,
    });
    checks.push(
      decision.ok
        ? {
            check: "policy",
            ok: true,
            message:
              decision.notes.join(" ") ||
              (policy.matched.length ? `Allowed (policy ${policy.matched.join(", ")})` : "No policy applies"),
          }
        : { check: "policy", ok: false, message: decision.message },
    );

    // A body over the rendering limits fails this repository's prompt check with the reason.
    let rendered: RenderResult = { prompt: "", warnings: [], missingParameters: [] };
    let refusal: string | null = null;
    try {
      rendered = renderTemplate({
        body: campaign!.templateVersion.body,
        parameters: templateParameters,
        values,
        repo: facts,
        baseRef,
      });
    } catch (error) {
      if (!(error instanceof TemplateRenderError)) throw error;
      refusal = error.message;
    }
    result.warnings = rendered.warnings;
    result.prompt = rendered.prompt;
    const prompt = rendered.prompt.trim();
    checks.push(
      refusal
        ? { check: "prompt", ok: false, message: refusal }
        : rendered.missingParameters.length
          ? {
              check: "prompt",
              ok: false,
              message: `Missing required parameters: ${rendered.missingParameters.join(", ")}.`,
            }
          : !prompt
            ? { check: "prompt", ok: false, message: "The prompt renders empty." }
            : prompt.length > MAX_PROMPT_LENGTH
              ? {
                  check: "prompt",
                  ok: false,
                  message: `The prompt is ${prompt.length} characters; GitHub takes at most ${MAX_PROMPT_LENGTH}.`,
                }
              : {
                  check: "prompt",
                  ok: true,
                  message: rendered.warnings.length
                    ? `Complete (${rendered.warnings.length} ${rendered.warnings.length === 1 ? "warning" : "warnings"})`
                    : "Complete",
                },
    );

    const open = openByRepo.get(`${facts.owner}/${facts.name}`.toLowerCase());
    checks.push(
      open
        ? { check: "open_task", ok: false, message: `This campaign already has an open task here (${open}).` }
        : { check: "open_task", ok: true, message: "No open task of this campaign" },
    );
    result.eligible = checks.every((check) => check.ok);
    return result;
  }

  // Fill in GitHub's repository ids the listing did not give (an explicit list).
  const missingIds = evaluations.filter((e) => e.repositoryId === null && e.defaultBranch !== null);
  if (missingIds.length) {
    const known = await db.repository.findMany({
      where: {
        owner: { in: [...new Set(missingIds.map((e) => e.owner))] },
        name: { in: missingIds.map((e) => e.name) },
      },
      select: { id: true, owner: true, name: true },
    });
    const byName = new Map(known.map((row) => [`${row.owner}/${row.name}`.toLowerCase(), row.id]));
    for (const e of missingIds) e.repositoryId = byName.get(`${e.owner}/${e.name}`.toLowerCase()) ?? null;
  }

  // Two list entries may name one repository in different case: keep the first.
  const unique = new Map<string, Evaluation>();
  for (const e of evaluations) {
    const key = `${e.owner}/${e.name}`.toLowerCase();
    if (unique.has(key)) skipped.push({ repository: `${e.owner}/${e.name}`, reason: "Listed twice" });
    else unique.set(key, e);
  }

  let canaryLeft = campaign.canarySize ?? 0;
  const rows: Prisma.CampaignTargetCreateManyInput[] = [...unique.values()].map((e, position) => {
    const canary = e.eligible && canaryLeft > 0;
    if (canary) canaryLeft--;
    return {
      campaignId,
      owner: e.owner,
      name: e.name,
      repositoryId: e.repositoryId,
      defaultBranch: e.defaultBranch,
      prompt: e.prompt,
      checks: e.checks,
      warnings: e.warnings,
      status: e.eligible ? "pending" : "excluded",
      skipReason: e.eligible ? null : (e.checks.find((check) => !check.ok)?.message ?? "Excluded"),
      canary,
      position,
    };
  });

  const eligible = rows.filter((row) => row.status === "pending").length;
  const summary: DryRunSummary = {
    total: rows.length,
    eligible,
    excluded: rows.length - eligible,
    canary: rows.filter((row) => row.canary).length,
    skipped,
  };
  await db.$transaction(async (tx) => {
    // Launch and edits take the same lock, on the Campaign row (FOR UPDATE OF c): a dry run never
    // rewrites the targets of a launched campaign, nor writes targets from a spec edited while it ran.
    const [current] = await tx.$queryRaw<{ status: string; requestedAt: Date | null }[]>`
      SELECT c.status::text, d."requestedAt" FROM "Campaign" c
      LEFT JOIN "CampaignDryRun" d ON d."campaignId" = c.id
      WHERE c.id = ${campaignId} FOR UPDATE OF c`;
    if (current?.status !== "draft") throw new DryRunError("The campaign left draft while the dry run ran.");
    if (options.requestedAt && current.requestedAt?.getTime() !== options.requestedAt.getTime())
      throw new DryRunSuperseded();
    await tx.campaignTarget.deleteMany({ where: { campaignId } });
    if (rows.length) await tx.campaignTarget.createMany({ data: rows });
    // Without a request (a run called directly) there may be no row yet.
    const result = { completedAt: new Date(), skipped, error: null };
    await tx.campaignDryRun.upsert({
      where: { campaignId },
      create: { campaignId, ...result },
      update: result,
    });
    await options.onWritten?.(tx, summary);
  });
  return summary;
}

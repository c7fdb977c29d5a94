/**
 * What /api/v1 answers, as zod schemas: the OpenAPI description is generated from them and the
 * contract test validates live answers against that description. Client-safe.
 */
import { z } from "zod";
import { ERROR_CODES } from "@/lib/result";
import { ChecksState, PullRequestState, ReviewDecision } from "@/generated/prisma/enums";
import { FLAG_KINDS } from "@/lib/outcomes/flags";
import { TASK_STATES } from "@/lib/task-states";

const time = z.iso.datetime({ offset: true });
const nullableString = z.string().nullable();
const flagsSchema = z
  .array(z.object({ kind: z.enum(FLAG_KINDS), label: z.string(), detail: z.string() }))
  .describe("Where GitHub's state and reality disagree (running past the hour limit, queued too long…).");

export const failureSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
  signInAgain: z.boolean().optional(),
});

export const taskSchema = z.object({
  id: z.string(),
  name: nullableString,
  state: z.enum(TASK_STATES),
  stateSince: time,
  repository: z.string(),
  creatorLogin: nullableString,
  creatorGithubId: nullableString,
  errorMessage: nullableString,
  htmlUrl: nullableString,
  hasPullRequest: z.boolean(),
  pull: z
    .object({ number: z.number().int(), state: z.enum(PullRequestState), htmlUrl: z.string() })
    .nullable()
    .describe("The task's pull request as last read from GitHub."),
  flags: flagsSchema,
  headRef: nullableString,
  model: nullableString,
  credits: z.string().describe("AI credits used, as a decimal string."),
  premiumRequests: z.string(),
  createdAt: time,
  updatedAt: time,
  lastConfirmedAt: time,
  archived: z.boolean(),
  launchedBy: nullableString.describe("The GitHub login whose token started it through Switchyard."),
  triageOwner: nullableString,
});

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: nullableString.describe("Pass as `cursor` for the next page (also in the Link header)."),
  });

export const taskPageSchema = page(taskSchema);

export const startedTaskSchema = z.object({
  id: z.string(),
  state: z.string(),
  htmlUrl: nullableString,
  repo: z.string(),
  policyNotes: z.array(z.string()),
});

export const templateLaunchResultSchema = z.object({
  templateVersionId: z.string(),
  results: z.array(
    z.union([
      z.object({
        repository: z.string(),
        ok: z.literal(true),
        task: z.object({ id: z.string(), state: z.string(), htmlUrl: nullableString }),
      }),
      z.object({
        repository: z.string(),
        ok: z.literal(false),
        code: z.enum(ERROR_CODES),
        message: z.string(),
      }),
    ]),
  ),
});

export const createdSchema = z.object({ id: z.string() });
export const messageSchema = z.object({ message: z.string() });
export const lifecycleSchema = z.object({ status: z.string(), message: z.string() });

export const campaignViewSchema = z.object({
  campaign: z.looseObject({ id: z.string(), name: z.string(), status: z.string() }),
  targets: z.array(
    z.looseObject({ id: z.string(), owner: z.string(), name: z.string(), status: z.string() }),
  ),
  burndown: z.unknown(),
  canManage: z.boolean(),
  isLauncher: z.boolean(),
  isAdmin: z.boolean(),
  asOf: time,
  changedOnly: z.boolean(),
  estimate: z
    .object({
      basis: z.enum(["campaign", "template", "none"]),
      sample: z.number().int(),
      targets: z.number().int(),
      perTask: nullableString,
      estimated: nullableString,
      spent: z.string(),
      projected: nullableString,
    })
    .describe(
      "Credits as decimal strings: the estimate (from the campaign's finished tasks, else the template's history) and, once running, the projection.",
    ),
});

export const triageItemSchema = z.object({
  id: z.string(),
  kind: z
    .enum(["failure", "review"])
    .describe("failure: a task that needs a human; review: a completed task's pull request awaiting review."),
  state: z.enum(TASK_STATES),
  taskId: z.string(),
  taskName: nullableString,
  repository: z.string(),
  htmlUrl: nullableString,
  errorMessage: nullableString,
  headRef: nullableString,
  baseRef: nullableString,
  prompt: nullableString,
  campaignId: nullableString,
  owner: nullableString,
  ownerKind: z.enum(["user", "team"]).nullable(),
  ownerReason: z.string(),
  openedAt: time,
  slaDueAt: time,
  overdue: z.boolean(),
  escalationLevel: z.number().int(),
  acknowledgedBy: nullableString,
  nextTaskId: nullableString,
  pull: z
    .object({
      number: z.number().int(),
      title: z.string(),
      htmlUrl: z.string(),
      checksUrl: z.string(),
      state: z.enum(PullRequestState),
      reviewDecision: z.enum(ReviewDecision),
      requestedReviewers: z.array(z.string()),
      checksState: z.enum(ChecksState),
      checksTotal: z.number().int(),
      checksFailing: z.number().int(),
      workflowsAwaitingApproval: z.number().int(),
      refreshedAt: time,
    })
    .nullable()
    .describe("The review item's pull request, else the task's latest, as last read from GitHub."),
  flags: flagsSchema,
  notes: z.array(z.object({ author: z.string(), body: z.string(), at: time })),
  canAct: z.boolean(),
});

export const triagePageSchema = page(triageItemSchema);

export const triageChangeSchema = z.object({
  changed: z.number().int(),
  skipped: z.number().int(),
  reasons: z.array(z.string()).optional(),
});

export const triageRetriesSchema = z.object({
  started: z.array(z.object({ itemId: z.string(), taskId: z.string() })),
  failed: z.array(z.string()),
});

export const costsSchema = z.object({
  period: z.enum(["day", "week", "month"]),
  from: time,
  to: time,
  totals: z.object({ credits: z.string(), premiumRequests: z.string(), sessions: z.number().int() }),
  periods: z.array(
    z.object({
      start: time,
      credits: z.string().describe("AI credits, a decimal string."),
      premiumRequests: z.string(),
      sessions: z.number().int(),
    }),
  ),
});

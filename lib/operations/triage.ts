import "server-only";
/** Triage operations shared by the inbox's actions and /api/v1. */
import { userOperation } from "@/lib/actions/kit";
import { db } from "@/lib/db";
import { triageItemActionSchema, triageRetrySchema } from "@/lib/triage/inputs";
import { applyTriageOperation, retryTriageItems } from "@/lib/triage/operations";

/**
 * Claim, acknowledge, reassign, snooze, note or resolve one item, a selection, or a whole view: each
 * item in its own transaction with its own record (lib/triage/operations.ts).
 */
export const triageItemOperation = userOperation(
  { name: "triage.operation", input: triageItemActionSchema, transaction: false, revalidate: ["/triage"] },
  async ({ operation, target }, ctx) => applyTriageOperation(db, ctx.user, operation, target, ctx.recordIn),
);

/**
 * Playbook actions: Retry (same inputs), Retry with a narrower prompt, Follow up (a new task on the
 * same branch with the owner's answer), Request changes (a review item's follow-up on its PR's
 * branch), each under the caller's own token, linked as the item's next attempt.
 */
export const retryTriageOperation = userOperation(
  {
    name: "triage.retry",
    input: triageRetrySchema,
    transaction: false,
    github: true,
    revalidate: ["/triage"],
  },
  async ({ itemId, mode, prompt }, ctx) =>
    retryTriageItems(
      ctx.acting(),
      { itemIds: [...new Set(itemId)], mode, ...(prompt ? { prompt } : {}) },
      ctx.recordIn,
    ),
);

/** What the triage inbox's forms send: an operation and the items it applies to. Client-safe. */
import { z } from "zod";
import { manyOf } from "@/lib/validations/common";
import { TRIAGE_VIEWS } from "./access";

/** How many items one request may name, and how many a whole view may cover. */
export const MAX_TRIAGE_SELECTION = 500;
export const MAX_TRIAGE_VIEW = 5000;
/** A snooze ends at most this far ahead: past it, an item should be resolved, not hidden. */
export const MAX_SNOOZE_DAYS = 30;
export const MAX_NOTE_LENGTH = 4000;

const itemIdSchema = z.string().regex(/^[a-z0-9]{10,40}$/, "That is not a triage item.");
const itemIds = manyOf(itemIdSchema).pipe(
  z.array(z.string()).max(MAX_TRIAGE_SELECTION, `Select at most ${MAX_TRIAGE_SELECTION} items at a time.`),
);

export const triageOperationSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("claim") }),
  z.object({ op: z.literal("acknowledge") }),
  z.object({
    op: z.literal("reassign"),
    assignee: z.string().regex(/^(user|team):[a-z0-9]{10,40}$/, "Pick a person or a team."),
  }),
  z.object({
    op: z.literal("snooze"),
    until: z.coerce
      .date({ message: "Pick a date and time." })
      .refine((d) => d > new Date(), "Pick a time in the future.")
      .refine(
        (d) => d.getTime() <= Date.now() + MAX_SNOOZE_DAYS * 86_400_000,
        `Snooze for at most ${MAX_SNOOZE_DAYS} days; resolve items that can wait longer.`,
      ),
  }),
  z.object({
    op: z.literal("note"),
    body: z
      .string()
      .trim()
      .min(1, "Write a note.")
      .max(MAX_NOTE_LENGTH, `Keep notes under ${MAX_NOTE_LENGTH} characters.`),
  }),
  z.object({
    op: z.literal("resolve"),
    resolution: z.enum(["retried", "answered_on_github", "fixed_by_hand", "wont_do"], {
      message: "Pick a resolution.",
    }),
  }),
]);

export type TriageOperation = z.infer<typeof triageOperationSchema>;

/** The items: a selection, or everything a view shows (with the count the person confirmed). */
export type TriageTarget =
  { itemIds: string[] } | { view: (typeof TRIAGE_VIEWS)[number]; confirmCount: number };

const targetFields = z.object({
  itemId: itemIds,
  view: z.enum(TRIAGE_VIEWS).optional(),
  confirmCount: z.coerce.number().int().min(1).max(MAX_TRIAGE_VIEW).optional(),
});

/** A selection wins over the view: the bulk bar sends both and the items picked are what is meant. */
export const triageItemActionSchema = targetFields.and(triageOperationSchema).transform((input, ctx) => {
  const { itemId, view, confirmCount, ...operation } = input;
  let target: TriageTarget;
  if (itemId.length > 0) target = { itemIds: [...new Set(itemId)] };
  else if (view && confirmCount) target = { view, confirmCount };
  else {
    ctx.addIssue({ code: "custom", path: ["itemId"], message: "Select at least one item." });
    return z.NEVER;
  }
  return { operation: operation as TriageOperation, target };
});

const PROMPT_MISSING = {
  retry: "",
  narrower_retry: "Write the narrower prompt.",
  follow_up: "Write the answer for the agent.",
  request_changes: "Write the changes you want, in your own words.",
} as const;

/**
 * Playbook starts. retry, narrower_retry and follow_up redo a failure item's task; request_changes
 * asks the agent for changes on a review item's pull request (a follow-up on its branch).
 */
export const triageRetrySchema = z
  .object({
    itemId: itemIds.pipe(z.array(z.string()).min(1, "Pick the items to retry.")),
    mode: z.enum(["retry", "narrower_retry", "follow_up", "request_changes"]),
    prompt: z.string().trim().max(20_000, "Keep the prompt under 20,000 characters.").optional(),
  })
  .superRefine((input, ctx) => {
    if (input.mode !== "retry" && !input.prompt)
      ctx.addIssue({
        code: "custom",
        path: ["prompt"],
        message: PROMPT_MISSING[input.mode],
      });
  });

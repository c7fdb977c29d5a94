/**
 * What happened to a triage item, as notifications and webhooks tell it. Its own module, so the
 * notifier, the webhook body and the delivery job share it without importing each other. Client-safe.
 */
export type TriageEvent = {
  kind: "opened" | "escalated" | "resolved";
  /** A failure item (a task that needs a human) or a review item (a pull request awaiting review). */
  itemKind?: "failure" | "review";
  /** Unique per event, e.g. `triage:<itemId>:escalated:1`. */
  eventKey: string;
  itemId: string;
  taskId: string;
  title: string;
  state: string;
  repository: string;
  /** Who owns it, as people read it ("@acme/payments", "alice"). */
  ownerLabel: string;
  /** Why this owner, or why it was escalated or resolved. */
  reason: string;
  /** Absolute link to the task page in Switchyard. */
  url: string;
};

/** Event keys of budget notices (./budget.ts) start with this: sent on their own, never in a digest. */
export const BUDGET_EVENT_PREFIX = "budget:";

/**
 * The events Switchyard publishes (lib/events/publish.ts) and the envelope receivers get. Client-safe:
 * the subscription form lists the types, the delivery log shows them.
 */

export const EVENT_TYPES = [
  "task.state_changed",
  "triage.opened",
  "triage.escalated",
  "triage.resolved",
  "campaign.canary_waiting",
  "campaign.approval_needed",
  "campaign.paused",
  "campaign.completed",
  "repository_setup.finished",
  "budget.threshold",
  "schedule.run_failed",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  "task.state_changed": "Task state changed",
  "triage.opened": "Triage item opened",
  "triage.escalated": "Triage item escalated",
  "triage.resolved": "Triage item resolved",
  "campaign.canary_waiting": "Campaign canary waiting for approval",
  "campaign.approval_needed": "Campaign needs approval",
  "campaign.paused": "Campaign paused (failure rate or budget)",
  "campaign.completed": "Campaign completed",
  "repository_setup.finished": "New-repository setup finished",
  "budget.threshold": "Budget threshold reached",
  "schedule.run_failed": "Scheduled run could not start",
};

export const isEventType = (value: unknown): value is EventType =>
  typeof value === "string" && (EVENT_TYPES as readonly string[]).includes(value);

/** The version of the envelope below; receivers read `version` (and the X-Switchyard-Event-Version header). */
export const ENVELOPE_VERSION = 1;

/**
 * What a generic JSON receiver is POSTed, and what a Slack message carries as `event`. `id` is stable
 * per event: a redelivery or a retry sends the same id, so receivers deduplicate on it.
 */
export type EventEnvelope = {
  version: typeof ENVELOPE_VERSION;
  id: string;
  type: EventType;
  /** ISO 8601, when it happened. */
  time: string;
  /** What it is about, as a path: `tasks/<id>`, `campaigns/<id>`, `schedules/<id>`… */
  subject: string;
  data: Record<string, unknown>;
};

/**
 * Outgoing webhook messages: a Slack-compatible body (text + Block Kit blocks) and its signature.
 * Used by the worker: no "server-only" here.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { STATE_LABELS, type TaskState } from "@/lib/task-states";
import type { EventEnvelope } from "@/lib/events/types";
import { EVENT_TYPE_LABELS } from "@/lib/events/types";
import type { TriageEvent } from "./events";

export type SlackBlock = Record<string, unknown>;
export type SlackMessage = { text: string; blocks: SlackBlock[] };
/** What is stored in WebhookDelivery.body and POSTed: the Slack message plus the events as data. */
export type WebhookBody = SlackMessage & { events: TriageEvent[] };

export const SIGNATURE_HEADER = "x-switchyard-signature";

const KIND_LABELS: Record<TriageEvent["kind"], string> = {
  opened: "Needs a human",
  escalated: "Escalated",
  resolved: "Resolved",
};

// Slack allows 50 blocks per message; a digest lists at most this many events and counts the rest.
const MAX_DIGEST_EVENTS = 20;

export function stateLabel(state: string): string {
  return STATE_LABELS[state as TaskState] ?? state;
}

const REVIEW_KIND_LABELS: Record<TriageEvent["kind"], string> = {
  opened: "Needs review",
  escalated: "Review escalated",
  resolved: "Review done",
};

export function kindLabel(kind: TriageEvent["kind"], itemKind: TriageEvent["itemKind"] = "failure"): string {
  return (itemKind === "review" ? REVIEW_KIND_LABELS : KIND_LABELS)[kind];
}

/** Slack mrkdwn treats &, < and > as control characters. */
function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function eventSection(event: TriageEvent): SlackBlock {
  const title = escape(clip(event.title || `Task ${event.taskId}`, 200));
  const lines = [
    `*${kindLabel(event.kind, event.itemKind)}:* <${event.url}|${title}>`,
    `*State:* ${escape(stateLabel(event.state))}   *Repository:* ${escape(event.repository)}`,
    `*Owner:* ${escape(event.ownerLabel)}`,
    `*Why:* ${escape(clip(event.reason, 500))}`,
  ];
  return {
    type: "section",
    text: { type: "mrkdwn", text: lines.join("\n") },
    accessory: {
      type: "button",
      text: { type: "plain_text", text: "Open in Switchyard" },
      url: event.url,
    },
  };
}

function eventLine(event: TriageEvent): string {
  return `${kindLabel(event.kind, event.itemKind)}: ${event.title || `Task ${event.taskId}`} (${stateLabel(event.state)}, ${event.repository}) ${event.url}`;
}

/** One event → one message; several (a digest) → one message listing them all. */
export function slackMessage(events: TriageEvent[]): SlackMessage {
  if (events.length === 0) return { text: "Switchyard: nothing new.", blocks: [] };
  if (events.length === 1) {
    const event = events[0]!;
    return {
      text: `Switchyard — ${eventLine(event)}`,
      blocks: [
        {
          type: "header",
          text: {
            type: "plain_text",
            text: clip(`${kindLabel(event.kind, event.itemKind)}: ${event.title}`, 150),
          },
        },
        eventSection(event),
      ],
    };
  }
  const shown = events.slice(0, MAX_DIGEST_EVENTS);
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: `Switchyard: ${events.length} triage updates` } },
  ];
  for (const event of shown) blocks.push({ type: "divider" }, eventSection(event));
  if (events.length > shown.length)
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `…and ${events.length - shown.length} more in Switchyard.` }],
    });
  return {
    text: [`Switchyard: ${events.length} triage updates`, ...events.map((e) => `• ${eventLine(e)}`)].join(
      "\n",
    ),
    blocks,
  };
}

/** A published event (lib/notifications/publish.ts) as a Slack message: its title, a line, a link. */
export function eventSlackMessage(envelope: EventEnvelope): SlackMessage {
  const title = typeof envelope.data.title === "string" ? envelope.data.title : envelope.subject;
  const url = typeof envelope.data.url === "string" ? envelope.data.url : null;
  const label = EVENT_TYPE_LABELS[envelope.type];
  const line = `*${escape(label)}:* ${url ? `<${url}|${escape(clip(title, 200))}>` : escape(clip(title, 200))}`;
  return {
    text: `Switchyard — ${label}: ${title}${url ? ` ${url}` : ""}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: clip(`${label}: ${title}`, 150) } },
      { type: "section", text: { type: "mrkdwn", text: line } },
    ],
  };
}

export function webhookBody(events: TriageEvent[]): WebhookBody {
  return { ...slackMessage(events), events };
}

/** A new per-hook signing secret (shown to the person once). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("hex")}`;
}

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`, as in X-Switchyard-Signature. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** Constant-time check of a signature header against the body, as a receiver would do it. */
export function verifySignature(body: string, secret: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

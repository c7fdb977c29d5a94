/** Campaign and target status labels (client-safe). */
import type { CampaignStatus, CampaignTargetStatus } from "@/generated/prisma/enums";

export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: "Draft",
  awaiting_approval: "Awaiting approval",
  running: "Running",
  canary_wait: "Canary: waiting",
  paused: "Paused",
  stopped: "Stopped",
  completed: "Completed",
};

/** Colour band of a status, reusing the task-state tokens. */
export const CAMPAIGN_STATUS_TONE: Record<
  CampaignStatus,
  "needs-human" | "in-flight" | "finished" | "neutral"
> = {
  draft: "neutral",
  awaiting_approval: "needs-human",
  running: "in-flight",
  canary_wait: "needs-human",
  paused: "needs-human",
  stopped: "neutral",
  completed: "finished",
};

export const TARGET_STATUS_LABELS: Record<CampaignTargetStatus, string> = {
  pending: "Not started",
  excluded: "Excluded",
  starting: "Starting",
  unknown: "Checking start",
  started: "Started",
  failed: "Start failed",
  cancelled: "Cancelled",
};

/** Statuses in which the runner may still do something, so the page keeps polling. */
export const ACTIVE_CAMPAIGN_STATUSES: CampaignStatus[] = [
  "running",
  "canary_wait",
  "paused",
  "awaiting_approval",
];

export type { CampaignStatus, CampaignTargetStatus };

/** What someone agrees to when they take a campaign over (lib/campaigns/lifecycle.ts takeOverCampaign). */
export const TAKE_OVER_CONSENT = "Future starts will run under your GitHub identity.";

/** Statuses in which a campaign may still start tasks, so someone else may take its starts over. */
export const TAKE_OVER_STATUSES: CampaignStatus[] = [
  "awaiting_approval",
  "running",
  "canary_wait",
  "paused",
  "completed",
];

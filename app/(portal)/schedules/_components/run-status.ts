import type { ScheduleRunStatus } from "@/generated/prisma/enums";

export const RUN_STATUS_LABELS: Record<ScheduleRunStatus, string> = {
  pending: "Queued",
  starting: "Starting",
  started: "Started",
  skipped: "Skipped",
  failed: "Did not start",
  unknown: "Unconfirmed",
};

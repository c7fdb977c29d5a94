import type { DryRunSummary } from "@/lib/campaigns/dry-run-labels";

/** The dry run's outcome as one sentence (skipped repositories are not stored, so they are named here). */
export function describeDryRun(data: unknown): string {
  const summary = data as DryRunSummary;
  const skipped = summary.skipped.length
    ? ` Left out: ${summary.skipped.map((s) => `${s.repository} (${s.reason.toLowerCase()})`).join(", ")}.`
    : "";
  return `Checked ${summary.total} repositories: ${summary.eligible} eligible, ${summary.excluded} excluded.${skipped}`;
}

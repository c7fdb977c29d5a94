import type { CampaignEstimateView } from "@/lib/dal/campaigns";
import { formatCount } from "@/lib/format/number";

function basisText(estimate: CampaignEstimateView): string {
  const tasks = `${formatCount(estimate.sample)} ${estimate.sample === 1 ? "task" : "tasks"}`;
  return estimate.basis === "campaign"
    ? `${estimate.perTask} credits per task, the average of this campaign's ${tasks} finished so far`
    : `${estimate.perTask} credits per task, the average of this template's ${tasks} over the last three months`;
}

/**
 * A draft's estimated cost (dry run), or a running campaign's projected cost, and what it is based
 * on: the campaign's finished tasks (its canary wave) or its template's history.
 */
export function CostEstimate({
  estimate,
  mode,
}: {
  estimate: CampaignEstimateView;
  mode: "draft" | "running";
}) {
  if (estimate.basis === "none")
    return (
      <p className="text-sm" data-testid="cost-estimate">
        {mode === "draft" ? "Estimated cost: unknown" : "Projected cost: unknown"} — neither this campaign nor
        its template has finished tasks to learn from yet.
      </p>
    );
  return (
    <p className="text-sm" data-testid="cost-estimate">
      {mode === "draft" ? (
        <>
          <strong>Estimated cost: {estimate.estimated} credits</strong> for {estimate.targets}{" "}
          {estimate.targets === 1 ? "repository" : "repositories"} ({basisText(estimate)}).
        </>
      ) : (
        <>
          <strong>Projected: {estimate.projected} credits</strong> in all, {estimate.spent} spent so far (
          {basisText(estimate)}).
        </>
      )}
    </p>
  );
}

import { SkeletonBlock, SkeletonCards, SkeletonPage } from "@/components/ui/skeleton";

/** The dashboard: scope tabs, three bands of state tiles, the chart. */
export default function Loading() {
  return (
    <SkeletonPage what="the dashboard">
      <SkeletonBlock className="h-10 w-64 rounded-lg" />
      {[0, 1, 2].map((band) => (
        <div key={band} className="space-y-3">
          <SkeletonBlock className="h-6 w-40" />
          <SkeletonCards count={3} />
        </div>
      ))}
    </SkeletonPage>
  );
}

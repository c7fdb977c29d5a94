import { SkeletonBlock, SkeletonCards, SkeletonPage, SkeletonRows } from "@/components/ui/skeleton";

/** A campaign: its summary figures, progress, then its targets. */
export default function Loading() {
  return (
    <SkeletonPage what="the campaign">
      <SkeletonCards count={4} className="lg:grid-cols-4" cardClassName="h-20" />
      <SkeletonBlock className="h-6 rounded-full" />
      <SkeletonRows rows={8} />
    </SkeletonPage>
  );
}

import { SkeletonBlock, SkeletonPage, SkeletonRows } from "@/components/ui/skeleton";

/** The task queue: the filter box, then the table. */
export default function Loading() {
  return (
    <SkeletonPage what="tasks">
      <SkeletonBlock className="h-40 rounded-lg" />
      <SkeletonRows rows={10} />
    </SkeletonPage>
  );
}

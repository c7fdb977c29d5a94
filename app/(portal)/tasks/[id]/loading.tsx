import { SkeletonBlock, SkeletonCards, SkeletonPage } from "@/components/ui/skeleton";

/** A task: its facts, prompt and sessions. */
export default function Loading() {
  return (
    <SkeletonPage what="the task">
      <SkeletonCards count={8} className="lg:grid-cols-4" cardClassName="h-12" />
      <SkeletonBlock className="h-32 rounded-lg" />
      <SkeletonBlock className="h-48 rounded-lg" />
    </SkeletonPage>
  );
}

import { SkeletonBlock, SkeletonCards, SkeletonPage } from "@/components/ui/skeleton";

/** The triage inbox: its view tabs, the bulk bar, then item cards. */
export default function Loading() {
  return (
    <SkeletonPage what="triage">
      <SkeletonBlock className="h-11 w-full max-w-md rounded-lg" />
      <SkeletonBlock className="h-14 rounded-lg" />
      <SkeletonCards count={4} className="sm:grid-cols-1 lg:grid-cols-1" cardClassName="h-36" />
    </SkeletonPage>
  );
}

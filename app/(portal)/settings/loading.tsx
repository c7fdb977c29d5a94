import { SkeletonBlock, SkeletonRows } from "@/components/ui/skeleton";

/** A Settings page (inside Settings' layout, which keeps its section links). */
export default function Loading() {
  return (
    <div role="status" aria-busy="true" className="space-y-4">
      <span className="sr-only">Loading settings…</span>
      <SkeletonBlock className="h-7 w-48" />
      <SkeletonRows rows={5} />
    </div>
  );
}

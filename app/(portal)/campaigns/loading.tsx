import { SkeletonPage, SkeletonRows } from "@/components/ui/skeleton";

/** The campaigns list. */
export default function Loading() {
  return (
    <SkeletonPage what="campaigns">
      <SkeletonRows rows={8} />
    </SkeletonPage>
  );
}

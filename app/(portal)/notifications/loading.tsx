import { SkeletonPage, SkeletonRows } from "@/components/ui/skeleton";

/** The notifications list. */
export default function Loading() {
  return (
    <SkeletonPage what="notifications">
      <SkeletonRows rows={8} />
    </SkeletonPage>
  );
}

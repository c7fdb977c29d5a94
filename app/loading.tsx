import { SkeletonPage, SkeletonRows } from "@/components/ui/skeleton";

/** Any page without a skeleton of its own: a title and a list. */
export default function Loading() {
  return (
    <SkeletonPage what="the page">
      <SkeletonRows rows={6} />
    </SkeletonPage>
  );
}

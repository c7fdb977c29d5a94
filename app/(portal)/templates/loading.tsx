import { SkeletonPage, SkeletonRows } from "@/components/ui/skeleton";

/** The templates list. */
export default function Loading() {
  return (
    <SkeletonPage what="templates">
      <SkeletonRows rows={8} />
    </SkeletonPage>
  );
}

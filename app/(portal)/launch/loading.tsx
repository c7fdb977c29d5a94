import { SkeletonBlock, SkeletonPage } from "@/components/ui/skeleton";

/** The launch form: fields and the prompt. */
export default function Loading() {
  return (
    <SkeletonPage what="the launch form">
      <div className="space-y-4 rounded-lg border border-line bg-surface p-4">
        {[0, 1, 2].map((field) => (
          <div key={field} className="space-y-2">
            <SkeletonBlock className="h-4 w-32" />
            <SkeletonBlock className="h-9" />
          </div>
        ))}
        <SkeletonBlock className="h-40" />
      </div>
    </SkeletonPage>
  );
}

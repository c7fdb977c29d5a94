import type { ReactNode } from "react";
import { cn } from "./cn";

/*
 * Loading skeletons: grey shapes where a page's parts will be, so a navigation shows the page's
 * layout at once (route-level loading.tsx files compose these). Announced once as "Loading …";
 * the shapes themselves are hidden from assistive technology. No pulse under reduced motion.
 */

export function SkeletonBlock({ className }: { className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={cn("animate-pulse rounded-md bg-line/60 motion-reduce:animate-none", className)}
    />
  );
}

/** A page being loaded: its title's shape, a line of description, then the page's own shapes. */
export function SkeletonPage({ what, children }: { what: string; children: ReactNode }) {
  return (
    <div role="status" aria-busy="true" className="space-y-6">
      <span className="sr-only">Loading {what}…</span>
      <div className="space-y-2">
        <SkeletonBlock className="h-9 w-56" />
        <SkeletonBlock className="h-4 w-full max-w-xl" />
      </div>
      {children}
    </div>
  );
}

/** Rows of a table or list. */
export function SkeletonRows({ rows = 8, className }: { rows?: number; className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={cn("divide-y divide-line rounded-lg border border-line bg-surface", className)}
    >
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="flex items-center gap-4 px-4 py-3">
          <SkeletonBlock className="h-4 w-24 shrink-0" />
          <SkeletonBlock className="h-4 flex-1" />
          <SkeletonBlock className="hidden h-4 w-32 sm:block" />
        </div>
      ))}
    </div>
  );
}

/** Cards in a grid (dashboard tiles, triage items, templates). */
export function SkeletonCards({
  count = 3,
  className,
  cardClassName = "h-28",
}: {
  count?: number;
  className?: string;
  cardClassName?: string;
}) {
  return (
    <div aria-hidden="true" className={cn("grid gap-4 sm:grid-cols-2 lg:grid-cols-3", className)}>
      {Array.from({ length: count }, (_, index) => (
        <SkeletonBlock key={index} className={cn("rounded-lg", cardClassName)} />
      ))}
    </div>
  );
}

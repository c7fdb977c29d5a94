import Link from "next/link";
import type { ReactNode } from "react";
import { buttonVariants } from "./button";

/**
 * The links of a keyset-paged list: back to the first page (when not on it) and on to the next
 * (when there is one). Renders nothing on a list of one page.
 */
export function PageLinks({
  label,
  first,
  next,
  nextLabel = "Next page",
  children,
}: {
  /** The navigation's accessible name ("Triage pages"). */
  label: string;
  first: string | null;
  next: string | null;
  nextLabel?: string;
  /** Said beside the links (e.g. how many items the list holds). */
  children?: ReactNode;
}) {
  if (!first && !next) return null;
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-3">
      {first ? (
        <Link href={first} className={buttonVariants({ variant: "secondary" })}>
          First page
        </Link>
      ) : null}
      {next ? (
        <Link href={next} className={buttonVariants({ variant: "secondary" })}>
          {nextLabel}
        </Link>
      ) : null}
      {children ? <span className="text-sm text-fg-muted">{children}</span> : null}
    </nav>
  );
}

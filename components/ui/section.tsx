import type { ReactNode } from "react";
import { cn } from "./cn";

const TITLE_SIZES = {
  xl: "text-xl font-semibold",
  lg: "text-lg font-semibold",
  base: "font-semibold",
} as const;

/**
 * A titled part of a page: a `<section>` named by its heading, so assistive technology lists it
 * as a region with that name. The heading's id is `${id}-heading`.
 */
export function Section({
  id,
  title,
  level = 2,
  size = "xl",
  hideTitle,
  card,
  className,
  titleClassName,
  children,
}: {
  id: string;
  title: ReactNode;
  level?: 2 | 3;
  size?: keyof typeof TITLE_SIZES;
  /** Name the region for screen readers only (the page shows what it is already). */
  hideTitle?: boolean;
  /** Draw the section as a bordered card. */
  card?: boolean;
  className?: string;
  titleClassName?: string;
  children: ReactNode;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  const headingId = `${id}-heading`;
  return (
    <section
      aria-labelledby={headingId}
      className={cn(card && "rounded-lg border border-line bg-surface p-4", className)}
    >
      <Heading id={headingId} className={hideTitle ? "sr-only" : cn(TITLE_SIZES[size], titleClassName)}>
        {title}
      </Heading>
      {children}
    </section>
  );
}

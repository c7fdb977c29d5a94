"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

export type NavItem = {
  href: string;
  label: ReactNode;
  /** Whether this is the page shown; by default read from the path (for links that differ by query). */
  current?: boolean;
};

const VARIANTS = {
  /** The header's primary navigation. */
  bar: {
    list: "flex items-center gap-0.5 xl:gap-1",
    link: "block whitespace-nowrap rounded-md px-2.5 py-2 text-sm font-medium transition-colors xl:px-3",
    idle: "text-fg-muted hover:bg-canvas hover:text-fg hover:underline",
  },
  /** The primary navigation in the phone menu: one link per row, big enough to tap. */
  menu: {
    list: "flex flex-col gap-1",
    link: "block rounded-md px-3 py-2.5 text-base font-medium",
    idle: "text-fg hover:bg-canvas hover:underline",
  },
  /** A section's own pages, a column beside them on wide screens (Settings). */
  sections: {
    list: "flex flex-wrap gap-1 md:flex-col",
    link: "block rounded-md px-3 py-1.5 text-sm font-medium",
    idle: "text-fg-muted hover:bg-surface hover:text-fg hover:underline",
  },
  /** Views of one list, in a box (Triage). */
  tabs: {
    list: "flex flex-wrap gap-1 rounded-lg border border-line bg-surface p-1",
    link: "block rounded-md px-3 py-1.5 text-sm font-medium",
    idle: "text-fg hover:bg-canvas",
  },
  /** Filters of one list (template categories). */
  pills: {
    list: "flex flex-wrap gap-2 text-sm",
    link: "block rounded-full border border-line px-3 py-1",
    idle: "hover:border-accent",
  },
} as const;

/**
 * The path is this link's page or below it. A link that others sit under (the dashboard's "/",
 * Settings' overview) matches only its own page, or it would be current everywhere.
 */
function isActive(pathname: string, href: string, hrefs: readonly string[]): boolean {
  if (pathname === href) return true;
  const parent = hrefs.some((other) => other !== href && other.startsWith(href === "/" ? "/" : `${href}/`));
  return !parent && pathname.startsWith(`${href}/`);
}

/** A labelled list of links; the page shown is marked with aria-current and the accent. */
export function NavLinks({
  label,
  items,
  variant = "bar",
  className,
  onNavigate,
}: {
  label: string;
  items: readonly NavItem[];
  variant?: keyof typeof VARIANTS;
  /** Classes for the `<nav>`. */
  className?: string;
  /** Called when a link is followed (the phone menu closes). */
  onNavigate?: () => void;
}) {
  const pathname = usePathname() ?? "/";
  const style = VARIANTS[variant];
  const hrefs = items.map((item) => item.href);
  return (
    <nav aria-label={label} className={className}>
      <ul className={style.list}>
        {items.map((item) => {
          const current = item.current ?? isActive(pathname, item.href, hrefs);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                onClick={onNavigate}
                className={clsx(style.link, current ? "bg-accent text-on-accent" : style.idle)}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

export const SETTINGS_SECTIONS = [
  { href: "/settings", label: "Overview" },
  { href: "/settings/teams", label: "Teams" },
  { href: "/settings/routing", label: "Routing" },
  { href: "/settings/policies", label: "Policies" },
  { href: "/settings/sla", label: "SLA" },
  { href: "/settings/audit", label: "Audit log" },
] as const;

/** The sections of Settings; the one shown is marked with aria-current. */
export function SettingsNav() {
  const pathname = usePathname() ?? "/settings";
  return (
    <nav aria-label="Settings sections">
      <ul className="flex flex-wrap gap-1 md:flex-col">
        {SETTINGS_SECTIONS.map((section) => {
          const current =
            section.href === "/settings"
              ? pathname === "/settings"
              : pathname === section.href || pathname.startsWith(`${section.href}/`);
          return (
            <li key={section.href}>
              <Link
                href={section.href}
                aria-current={current ? "page" : undefined}
                className={clsx(
                  "block rounded-md px-3 py-1.5 text-sm font-medium",
                  current
                    ? "bg-accent text-on-accent"
                    : "text-fg-muted hover:bg-surface hover:text-fg hover:underline",
                )}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

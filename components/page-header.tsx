import Link from "next/link";
import { Fragment, type ReactNode } from "react";

export type Crumb = { href: string; label: string };

/**
 * A page's title and what it is for. `trail` puts the pages above this one before it as a
 * breadcrumb (`current` names this page at its end), so a detail or "new" page links back up.
 */
export function PageHeader({
  title,
  description,
  trail,
  current,
}: {
  title: string;
  description?: ReactNode;
  trail?: readonly Crumb[];
  current?: string;
}) {
  return (
    <>
      {trail?.length ? (
        <nav aria-label="Breadcrumb" className="mb-2 text-sm">
          {trail.map((crumb, index) => (
            <Fragment key={crumb.href}>
              {index > 0 ? " / " : null}
              <Link href={crumb.href} className="text-accent underline">
                {crumb.label}
              </Link>
            </Fragment>
          ))}
          {current ? (
            <>
              {" / "}
              <span className="text-fg-muted">{current}</span>
            </>
          ) : null}
        </nav>
      ) : null}
      <header className="mb-8">
        <h1 className="text-3xl font-bold tracking-tight text-fg">{title}</h1>
        {description ? <p className="mt-2 max-w-3xl text-fg-muted">{description}</p> : null}
      </header>
    </>
  );
}

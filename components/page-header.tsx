import type { ReactNode } from "react";

export function PageHeader({ title, description }: { title: string; description?: ReactNode }) {
  return (
    <header className="mb-8">
      <h1 className="text-3xl font-bold tracking-tight text-fg">{title}</h1>
      {description ? <p className="mt-2 max-w-3xl text-fg-muted">{description}</p> : null}
    </header>
  );
}

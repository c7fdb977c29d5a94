import type { ReactNode } from "react";

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-line bg-surface p-8 text-center">
      <h2 className="text-lg font-semibold text-fg">{title}</h2>
      {children ? <div className="mx-auto mt-2 max-w-xl text-sm text-fg-muted">{children}</div> : null}
    </div>
  );
}

import type { ReactNode } from "react";
import { cn } from "./cn";

/**
 * A decorative line icon on a 20×20 grid, drawn in the text colour (the control around it carries
 * the accessible name). `children` are its shapes: `<path d="…" strokeLinecap="round" />`.
 */
export function LineIcon({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      className={cn("size-5", className)}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
    >
      {children}
    </svg>
  );
}

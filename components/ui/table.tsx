import type { ComponentPropsWithRef, ReactNode } from "react";
import { cn } from "./cn";

/** A column of a simple table: its header text, or the header and classes for its `th`. */
export type TableColumn = ReactNode | { header: ReactNode; className?: string };

function isColumnSpec(column: TableColumn): column is { header: ReactNode; className?: string } {
  return typeof column === "object" && column !== null && "header" in column;
}

/**
 * Table primitives: a bordered, sideways-scrolling box with one cell rhythm. Every table has a
 * caption (visually hidden unless `showCaption`), column headers with scope, and row headers
 * where a row has a name.
 *
 * With `columns`, the table writes its own header row and the children are the body's rows, so a
 * page only writes rows. Without it (a TanStack table), the children are the whole table.
 */
export function Table({
  caption,
  showCaption,
  columns,
  className,
  tableClassName,
  scrollLabel,
  children,
  ...props
}: ComponentPropsWithRef<"table"> & {
  caption: ReactNode;
  showCaption?: boolean;
  columns?: readonly TableColumn[];
  /** Classes for the scrolling box around the table. */
  className?: string;
  tableClassName?: string;
  /**
   * For a wide table that may hold no link or control (a phone scrolls it sideways): the scrolling
   * box becomes a labelled region keyboard users can focus and scroll.
   */
  scrollLabel?: string;
}) {
  return (
    <div
      className={cn("table-scroll overflow-x-auto rounded-lg border border-line bg-surface", className)}
      {...(scrollLabel ? { tabIndex: 0, role: "region", "aria-label": scrollLabel } : {})}
    >
      <table className={cn("w-full text-left text-sm", tableClassName)} {...props}>
        <caption className={showCaption ? "px-3 pt-3 text-left font-semibold" : "sr-only"}>{caption}</caption>
        {columns ? (
          <>
            <TableHead>
              <tr>
                {columns.map((column, index) =>
                  isColumnSpec(column) ? (
                    <TableColumnHeader key={index} className={column.className}>
                      {column.header}
                    </TableColumnHeader>
                  ) : (
                    <TableColumnHeader key={index}>{column}</TableColumnHeader>
                  ),
                )}
              </tr>
            </TableHead>
            <TableBody>{children}</TableBody>
          </>
        ) : (
          children
        )}
      </table>
    </div>
  );
}

export function TableHead({ className, ...props }: ComponentPropsWithRef<"thead">) {
  return <thead className={cn("border-b border-line text-fg-muted", className)} {...props} />;
}

export function TableBody(props: ComponentPropsWithRef<"tbody">) {
  return <tbody {...props} />;
}

export function TableRow({ className, ...props }: ComponentPropsWithRef<"tr">) {
  return <tr className={cn("border-b border-line align-top last:border-0", className)} {...props} />;
}

/** A column header. */
export function TableColumnHeader({ className, ...props }: ComponentPropsWithRef<"th">) {
  return <th scope="col" className={cn("px-3 py-2 font-medium whitespace-nowrap", className)} {...props} />;
}

/** The cell that names its row. */
export function TableRowHeader({ className, ...props }: ComponentPropsWithRef<"th">) {
  return <th scope="row" className={cn("px-3 py-2 text-left font-medium", className)} {...props} />;
}

export function TableCell({ className, ...props }: ComponentPropsWithRef<"td">) {
  return <td className={cn("px-3 py-2", className)} {...props} />;
}

/** One row saying there is nothing to show. */
export function TableEmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="px-3 py-6 text-center text-fg-muted">
        {children}
      </td>
    </tr>
  );
}

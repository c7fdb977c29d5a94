"use client";

import {
  flexRender,
  type ColumnDef,
  type Row,
  type RowData,
  type Table as TanStackTable,
} from "@tanstack/react-table";
import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";
import { Checkbox } from "./input";
import { Table, TableBody, TableCell, TableColumnHeader, TableEmptyRow, TableHead, TableRow } from "./table";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the library's own signature
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Said before the cell when the rows stack as cards on a phone (DataTable's `stacked`). */
    label?: string;
    /** The cell's classes when stacked, e.g. `max-sm:basis-full` for the row's main cell. */
    stackedClassName?: string;
  }
}

/** Classes that turn the table into a list of cards under `sm` (a phone), one per row. */
const STACKED = {
  box: "max-sm:border-0 max-sm:bg-transparent table-stacked",
  table: "max-sm:block",
  head: "max-sm:hidden",
  body: "max-sm:block max-sm:space-y-3",
  row: "max-sm:flex max-sm:flex-wrap max-sm:items-start max-sm:gap-x-5 max-sm:gap-y-2 max-sm:rounded-lg max-sm:border max-sm:border-line max-sm:bg-surface max-sm:p-3 max-sm:last:border",
  cell: "max-sm:block max-sm:p-0",
  label:
    "max-sm:before:block max-sm:before:text-xs max-sm:before:text-fg-muted max-sm:before:content-[attr(data-label)]",
};

/**
 * A TanStack table rendered with the Table primitives. With `stacked`, a phone sees each row as a
 * card (cells wrap, each after its column's `meta.label`) instead of a table to scroll sideways.
 */
export function DataTable<T>({
  table,
  caption,
  empty,
  rowProps,
  stacked = false,
}: {
  table: TanStackTable<T>;
  caption: ReactNode;
  /** Said in the body when there are no rows. */
  empty: ReactNode;
  /** Extra attributes for a row (data-* hooks, a highlight class). */
  rowProps?: (
    row: Row<T>,
  ) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;
  /** Cards instead of rows on a phone. */
  stacked?: boolean;
}) {
  const rows = table.getRowModel().rows;
  const at = (classes: string) => (stacked ? classes : undefined);
  return (
    <Table caption={caption} className={at(STACKED.box)} tableClassName={at(STACKED.table)}>
      <TableHead className={at(STACKED.head)}>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <TableColumnHeader key={header.id}>
                {header.isPlaceholder
                  ? null
                  : flexRender(header.column.columnDef.header, header.getContext())}
              </TableColumnHeader>
            ))}
          </tr>
        ))}
      </TableHead>
      <TableBody className={at(STACKED.body)}>
        {rows.map((row) => {
          const props = rowProps?.(row);
          return (
            <TableRow key={row.id} {...props} className={cn(props?.className, at(STACKED.row))}>
              {row.getVisibleCells().map((cell) => {
                const meta = cell.column.columnDef.meta;
                return (
                  <TableCell
                    key={cell.id}
                    data-label={stacked ? meta?.label : undefined}
                    className={at(cn(STACKED.cell, meta?.label && STACKED.label, meta?.stackedClassName))}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </TableCell>
                );
              })}
            </TableRow>
          );
        })}
        {rows.length === 0 ? (
          <TableEmptyRow columns={table.getVisibleLeafColumns().length}>{empty}</TableEmptyRow>
        ) : null}
      </TableBody>
    </Table>
  );
}

/**
 * The checkbox column of a selectable table: a header box for every selectable row (indeterminate
 * when some are ticked) and one per row that can be selected (`enableRowSelection` decides).
 */
export function selectionColumn<T>({
  allLabel,
  rowLabel,
  disabled,
}: {
  /** The header checkbox's accessible name, e.g. "Select all loaded tasks". */
  allLabel: string;
  /** A row checkbox's accessible name, e.g. "Select Fix the build". */
  rowLabel: (row: T) => string;
  /** No selection at all (e.g. the viewer may not act). */
  disabled?: boolean;
}): ColumnDef<T> {
  return {
    id: "select",
    header: ({ table }) => (
      <Checkbox
        aria-label={allLabel}
        checked={table.getIsAllRowsSelected()}
        ref={(input) => {
          if (input) input.indeterminate = table.getIsSomeRowsSelected();
        }}
        onChange={table.getToggleAllRowsSelectedHandler()}
        disabled={disabled}
      />
    ),
    cell: ({ row }) =>
      row.getCanSelect() ? (
        <Checkbox
          aria-label={rowLabel(row.original)}
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
        />
      ) : null,
  };
}

"use client";

import { flexRender, type ColumnDef, type Row, type Table as TanStackTable } from "@tanstack/react-table";
import type { HTMLAttributes, ReactNode } from "react";
import { Checkbox } from "./input";
import { Table, TableBody, TableCell, TableColumnHeader, TableEmptyRow, TableHead, TableRow } from "./table";

/** A TanStack table rendered with the Table primitives. */
export function DataTable<T>({
  table,
  caption,
  empty,
  rowProps,
}: {
  table: TanStackTable<T>;
  caption: ReactNode;
  /** Said in the body when there are no rows. */
  empty: ReactNode;
  /** Extra attributes for a row (data-* hooks, a highlight class). */
  rowProps?: (
    row: Row<T>,
  ) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;
}) {
  const rows = table.getRowModel().rows;
  return (
    <Table caption={caption}>
      <TableHead>
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
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.id} {...rowProps?.(row)}>
            {row.getVisibleCells().map((cell) => (
              <TableCell key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</TableCell>
            ))}
          </TableRow>
        ))}
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

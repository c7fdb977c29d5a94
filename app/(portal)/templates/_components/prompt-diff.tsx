import clsx from "clsx";
import { promptDiff, type DiffLine } from "@/lib/templates/changes";

/** Unchanged lines kept around each change; longer unchanged runs fold into one line. */
const CONTEXT = 2;

type Row = DiffLine | { kind: "fold"; count: number };

function withContext(lines: DiffLine[]): Row[] {
  const near = lines.map((_, i) =>
    lines.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((line) => line.kind !== "same"),
  );
  const rows: Row[] = [];
  lines.forEach((line, i) => {
    if (near[i]) rows.push(line);
    else {
      const last = rows.at(-1);
      if (last?.kind === "fold") last.count++;
      else rows.push({ kind: "fold", count: 1 });
    }
  });
  return rows;
}

const MARK = { added: "+", removed: "−", same: " " } as const;
const SAID = { added: "Added: ", removed: "Removed: ", same: "" } as const;

/**
 * A prompt's change from one version to the next: each line marked + (added) or − (removed), said
 * in words to screen readers, and coloured as well — never by colour alone.
 */
export function PromptDiff({
  before,
  after,
  from,
  to,
}: {
  before: string;
  after: string;
  from: number;
  to: number;
}) {
  const rows = withContext(promptDiff(before, after));
  return (
    <figure className="mt-2">
      <figcaption className="text-xs text-fg-muted">
        Prompt changes from version {from} to {to}: lines marked + were added, − removed.
      </figcaption>
      <pre
        tabIndex={0}
        data-testid={`prompt-diff-${to}`}
        className="mt-1 max-h-96 overflow-auto rounded-md border border-line bg-canvas py-2 text-xs"
      >
        {rows.map((row, i) =>
          row.kind === "fold" ? (
            <span key={i} className="block px-3 text-fg-muted italic">
              … {row.count} unchanged line{row.count === 1 ? "" : "s"}
            </span>
          ) : (
            <span
              key={i}
              className={clsx(
                "block px-3 whitespace-pre-wrap",
                row.kind === "added" && "bg-finished-soft",
                row.kind === "removed" && "bg-needs-human-soft",
              )}
            >
              {row.kind === "added" ? <ins className="no-underline">{line(row)}</ins> : null}
              {row.kind === "removed" ? <del className="no-underline">{line(row)}</del> : null}
              {row.kind === "same" ? line(row) : null}
            </span>
          ),
        )}
      </pre>
    </figure>
  );
}

function line(row: DiffLine) {
  return (
    <>
      <span aria-hidden="true" className="mr-2 inline-block w-3 font-bold select-none">
        {MARK[row.kind]}
      </span>
      {SAID[row.kind] ? <span className="sr-only">{SAID[row.kind]}</span> : null}
      {row.text || " "}
    </>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";
import { formatCount, formatPercent } from "@/lib/format/number";
import { StateBadge } from "@/components/state-badge";
import {
  Table,
  TableCell,
  TableEmptyRow,
  TableRow,
  TableRowHeader,
  type TableColumn,
} from "@/components/ui/table";
import { monthTasksHref } from "@/lib/costs/links";
import { formatCreditsNano } from "@/lib/costs/money";
import type { CostOutcome } from "@/lib/costs/outcomes";
import { addMonths } from "@/lib/costs/periods";
import type { CostRow, ExpensiveTask, RetryChain } from "@/lib/costs/report";
import { isTaskState } from "@/lib/task-states";

const NUMBER = "text-right tabular-nums";
const LINK = "text-accent underline-offset-2 hover:underline";
/** A right-aligned number column. */
const numeric = (header: string) => ({ header, className: "text-right" });

/** A figure that opens the tasks behind it, when the queue can list them. */
function Figure({ value, href }: { value: string; href: string | null }) {
  return href ? (
    <Link href={href} className={LINK}>
      {value}
    </Link>
  ) : (
    <>{value}</>
  );
}

/**
 * The one layout of the Costs page's tables: a table titled by its caption (scrolling sideways on a
 * phone), a row per item or one line saying there is none, and an optional last row.
 */
function CostTable<Row>({
  title,
  showCaption,
  className,
  columns,
  rows,
  empty,
  row,
  footer,
}: {
  title: string;
  showCaption?: boolean;
  className?: string;
  columns: TableColumn[];
  rows: Row[];
  empty: string;
  /** One `TableRow` (with its key) per item. */
  row: (item: Row) => ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Table
      caption={title}
      scrollLabel={title}
      showCaption={showCaption}
      className={className}
      columns={columns}
    >
      {rows.length === 0 ? <TableEmptyRow columns={columns.length}>{empty}</TableEmptyRow> : rows.map(row)}
      {rows.length > 0 && footer ? (
        <TableRow>
          <TableCell colSpan={columns.length}>{footer}</TableCell>
        </TableRow>
      ) : null}
    </Table>
  );
}

/** One breakdown: this month's and last month's credits per row, each linked to its tasks. */
export function BreakdownTable({
  title,
  rows,
  month,
  empty = "No tasks this month or last.",
}: {
  title: string;
  rows: CostRow[];
  month: Date;
  empty?: string;
}) {
  const previous = addMonths(month, -1);
  return (
    <CostTable
      title={title}
      showCaption
      columns={[
        "Name",
        numeric("This month"),
        numeric("Last month"),
        numeric("Tasks"),
        numeric("Premium requests"),
      ]}
      rows={rows}
      empty={empty}
      row={(row) => (
        <TableRow key={row.key}>
          <TableRowHeader className="font-normal">{row.label}</TableRowHeader>
          <TableCell className={NUMBER}>
            <Figure
              value={formatCreditsNano(row.current.creditsNano)}
              href={row.filter && row.current.tasks > 0 ? monthTasksHref(month, row.filter) : null}
            />
          </TableCell>
          <TableCell className={NUMBER}>
            <Figure
              value={formatCreditsNano(row.previous.creditsNano)}
              href={row.filter && row.previous.tasks > 0 ? monthTasksHref(previous, row.filter) : null}
            />
          </TableCell>
          <TableCell className={NUMBER}>{formatCount(row.current.tasks)}</TableCell>
          <TableCell className={NUMBER}>{row.current.premiumRequests}</TableCell>
        </TableRow>
      )}
    />
  );
}

/**
 * Credits per person, team, repository, template, campaign or model against the pull requests they
 * produced and got merged.
 */
export function OutcomeTable({ title, rows, month }: { title: string; rows: CostOutcome[]; month: Date }) {
  return (
    <CostTable
      title={title}
      showCaption
      columns={[
        "Name",
        numeric("Credits"),
        numeric("Tasks"),
        numeric("With a pull request"),
        numeric("Merged PRs"),
        numeric("Per merged PR"),
        numeric("Merge rate"),
      ]}
      rows={rows}
      empty="No tasks this month."
      row={(row) => {
        const tasks = (filter: Record<string, string>) =>
          row.filter ? monthTasksHref(month, { ...row.filter, ...filter }) : null;
        return (
          <TableRow key={row.key}>
            <TableRowHeader className="font-normal">{row.label}</TableRowHeader>
            <TableCell className={NUMBER}>
              <Figure value={formatCreditsNano(row.figure.creditsNano)} href={tasks({})} />
            </TableCell>
            <TableCell className={NUMBER}>{formatCount(row.figure.tasks)}</TableCell>
            <TableCell className={NUMBER}>
              <Figure value={formatCount(row.withPullRequest)} href={tasks({ pr: "yes" })} />
            </TableCell>
            <TableCell className={NUMBER}>
              <Figure value={formatCount(row.merged)} href={tasks({ pr: "merged" })} />
            </TableCell>
            <TableCell className={NUMBER}>
              {row.creditsPerMergedNano === null ? "–" : formatCreditsNano(row.creditsPerMergedNano)}
            </TableCell>
            <TableCell className={NUMBER}>
              {row.mergeRate === null ? "–" : formatPercent(row.mergeRate)}
            </TableCell>
          </TableRow>
        );
      }}
    />
  );
}

/** A row's first cell: the task it opens. */
function TaskCell({ id, name }: { id: string; name: string | null }) {
  return (
    <TableRowHeader className="font-normal">
      <Link href={`/tasks/${encodeURIComponent(id)}`} className={LINK}>
        {name ?? `Task ${id}`}
      </Link>
    </TableRowHeader>
  );
}

/** A row's last two cells: credits and premium requests, never mixed. */
function MoneyCells({ creditsNano, premiumRequests }: { creditsNano: bigint; premiumRequests: string }) {
  return (
    <>
      <TableCell className={NUMBER}>{formatCreditsNano(creditsNano)}</TableCell>
      <TableCell className={NUMBER}>{premiumRequests}</TableCell>
    </>
  );
}

const MONEY_COLUMNS = [numeric("Credits"), numeric("Premium requests")];

const stateBadge = (state: string) => (isTaskState(state) ? <StateBadge state={state} /> : state);

export function ExpensiveTable({ tasks, month }: { tasks: ExpensiveTask[]; month: Date }) {
  return (
    <CostTable
      title="Most expensive tasks of the month"
      className="mt-4"
      columns={["Task", "Repository", "Started by", "State", "Model", ...MONEY_COLUMNS]}
      rows={tasks}
      empty="No task has cost anything this month."
      row={(task) => (
        <TableRow key={task.id}>
          <TaskCell id={task.id} name={task.name} />
          <TableCell>{task.repository}</TableCell>
          <TableCell>{task.creator ?? "—"}</TableCell>
          <TableCell>{stateBadge(task.state)}</TableCell>
          <TableCell>{task.model ?? "Automatic"}</TableCell>
          <MoneyCells {...task} />
        </TableRow>
      )}
      footer={
        <Link href={monthTasksHref(month)} className={LINK}>
          Every task of the month, costliest first
        </Link>
      }
    />
  );
}

export function ChainsTable({ chains }: { chains: RetryChain[] }) {
  return (
    <CostTable
      title="Most expensive retry chains"
      className="mt-4"
      columns={["First attempt", "Repository", numeric("Attempts"), "Latest attempt", ...MONEY_COLUMNS]}
      rows={chains}
      empty="No task started this month was retried."
      row={(chain) => (
        <TableRow key={chain.rootId}>
          <TaskCell id={chain.rootId} name={chain.name} />
          <TableCell>{chain.repository}</TableCell>
          <TableCell className={NUMBER}>{chain.attempts}</TableCell>
          <TableCell>
            <Link href={`/tasks/${encodeURIComponent(chain.lastId)}`} className={LINK}>
              {stateBadge(chain.lastState)}
            </Link>
          </TableCell>
          <MoneyCells {...chain} />
        </TableRow>
      )}
    />
  );
}

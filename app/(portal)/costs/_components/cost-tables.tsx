import Link from "next/link";
import { formatCount, formatPercent } from "@/lib/format/number";
import { StateBadge } from "@/components/state-badge";
import { Table, TableCell, TableEmptyRow, TableRow, TableRowHeader } from "@/components/ui/table";
import { monthTasksHref } from "@/lib/costs/links";
import { formatCreditsNano } from "@/lib/costs/money";
import type { CostOutcome } from "@/lib/costs/outcomes";
import { addMonths } from "@/lib/costs/periods";
import type { CostRow, ExpensiveTask, RetryChain } from "@/lib/costs/report";
import { isTaskState } from "@/lib/task-states";

const NUMBER = "text-right tabular-nums";
const LINK = "text-accent underline-offset-2 hover:underline";

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
    <Table
      caption={title}
      scrollLabel={title}
      showCaption
      columns={[
        "Name",
        { header: "This month", className: "text-right" },
        { header: "Last month", className: "text-right" },
        { header: "Tasks", className: "text-right" },
        { header: "Premium requests", className: "text-right" },
      ]}
    >
      {rows.length === 0 ? (
        <TableEmptyRow columns={5}>{empty}</TableEmptyRow>
      ) : (
        rows.map((row) => (
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
        ))
      )}
    </Table>
  );
}

/** Credits per template, campaign or model against the pull requests they produced and got merged. */
export function OutcomeTable({ title, rows, month }: { title: string; rows: CostOutcome[]; month: Date }) {
  return (
    <Table
      caption={title}
      scrollLabel={title}
      showCaption
      columns={[
        "Name",
        { header: "Credits", className: "text-right" },
        { header: "Tasks", className: "text-right" },
        { header: "With a pull request", className: "text-right" },
        { header: "Merged PRs", className: "text-right" },
        { header: "Per merged PR", className: "text-right" },
        { header: "Merge rate", className: "text-right" },
      ]}
    >
      {rows.length === 0 ? (
        <TableEmptyRow columns={7}>No tasks this month.</TableEmptyRow>
      ) : (
        rows.map((row) => {
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
        })
      )}
    </Table>
  );
}

export function ExpensiveTable({ tasks, month }: { tasks: ExpensiveTask[]; month: Date }) {
  return (
    <Table
      caption="Most expensive tasks of the month"
      scrollLabel="Most expensive tasks of the month"
      className="mt-4"
      columns={[
        "Task",
        "Repository",
        "Started by",
        "State",
        "Model",
        { header: "Credits", className: "text-right" },
        { header: "Premium requests", className: "text-right" },
      ]}
    >
      {tasks.length === 0 ? (
        <TableEmptyRow columns={7}>No task has cost anything this month.</TableEmptyRow>
      ) : (
        tasks.map((task) => (
          <TableRow key={task.id}>
            <TableRowHeader className="font-normal">
              <Link href={`/tasks/${encodeURIComponent(task.id)}`} className={LINK}>
                {task.name ?? `Task ${task.id}`}
              </Link>
            </TableRowHeader>
            <TableCell>{task.repository}</TableCell>
            <TableCell>{task.creator ?? "—"}</TableCell>
            <TableCell>{isTaskState(task.state) ? <StateBadge state={task.state} /> : task.state}</TableCell>
            <TableCell>{task.model ?? "Automatic"}</TableCell>
            <TableCell className={NUMBER}>{formatCreditsNano(task.creditsNano)}</TableCell>
            <TableCell className={NUMBER}>{task.premiumRequests}</TableCell>
          </TableRow>
        ))
      )}
      {tasks.length > 0 ? (
        <TableRow>
          <TableCell colSpan={7}>
            <Link href={monthTasksHref(month)} className={LINK}>
              Every task of the month, costliest first
            </Link>
          </TableCell>
        </TableRow>
      ) : null}
    </Table>
  );
}

export function ChainsTable({ chains }: { chains: RetryChain[] }) {
  return (
    <Table
      caption="Most expensive retry chains"
      scrollLabel="Most expensive retry chains"
      className="mt-4"
      columns={[
        "First attempt",
        "Repository",
        { header: "Attempts", className: "text-right" },
        "Latest attempt",
        { header: "Credits", className: "text-right" },
        { header: "Premium requests", className: "text-right" },
      ]}
    >
      {chains.length === 0 ? (
        <TableEmptyRow columns={6}>No task started this month was retried.</TableEmptyRow>
      ) : (
        chains.map((chain) => (
          <TableRow key={chain.rootId}>
            <TableRowHeader className="font-normal">
              <Link href={`/tasks/${encodeURIComponent(chain.rootId)}`} className={LINK}>
                {chain.name ?? `Task ${chain.rootId}`}
              </Link>
            </TableRowHeader>
            <TableCell>{chain.repository}</TableCell>
            <TableCell className={NUMBER}>{chain.attempts}</TableCell>
            <TableCell>
              <Link href={`/tasks/${encodeURIComponent(chain.lastId)}`} className={LINK}>
                {isTaskState(chain.lastState) ? <StateBadge state={chain.lastState} /> : chain.lastState}
              </Link>
            </TableCell>
            <TableCell className={NUMBER}>{formatCreditsNano(chain.creditsNano)}</TableCell>
            <TableCell className={NUMBER}>{chain.premiumRequests}</TableCell>
          </TableRow>
        ))
      )}
    </Table>
  );
}

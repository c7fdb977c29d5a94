import type { Metadata } from "next";
import { formatCount } from "@/lib/format/number";
import Link from "next/link";
import { BudgetMeter } from "@/components/budget-meter";
import { MergedPrCost } from "@/components/merged-pr-cost";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Section } from "@/components/ui/section";
import { requireUser } from "@/lib/auth/session";
import { costQuerySchema } from "@/lib/costs/inputs";
import { monthTasksHref } from "@/lib/costs/links";
import { formatCreditsNano } from "@/lib/costs/money";
import { monthKey, monthLabel } from "@/lib/costs/periods";
import { getCostsPage } from "@/lib/dal/costs";
import { seesEverything } from "@/lib/visibility/scope";
import { CostChart } from "./_components/cost-chart";
import { BreakdownTable, ChainsTable, ExpensiveTable, OutcomeTable } from "./_components/cost-tables";

export const metadata: Metadata = { title: "Costs" };
export const dynamic = "force-dynamic";

const CHART_TITLES = {
  day: "Credits per day",
  week: "Credits per week, last 12 weeks",
  month: "Credits per month, last 12 months",
} as const;

export default async function CostsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const raw = await searchParams;
  const parsed = costQuerySchema.safeParse({
    month: typeof raw.month === "string" && raw.month ? raw.month : undefined,
    by: typeof raw.by === "string" && raw.by ? raw.by : undefined,
  });
  const query = parsed.success ? parsed.data : costQuerySchema.parse({});
  const page = await getCostsPage(user, { month: query.month, granularity: query.by });
  const { totals, month, previousMonth } = page;
  const monthText = monthLabel(month);
  const previousText = monthLabel(previousMonth);
  const change = totals.current.creditsNano - totals.previous.creditsNano;
  return (
    <>
      <PageHeader
        title="Costs"
        description="What Copilot cloud agent tasks cost, from their sessions: credits by person, team, repository, template, campaign and model, against last month and against budgets. A task counts in the UTC month it was created; every figure opens the tasks behind it."
      />
      <div className="space-y-10">
        <form
          method="get"
          className="flex flex-wrap items-end gap-4 rounded-lg border border-line bg-surface p-4"
        >
          <Field id="costs-month" name="month" label="Month">
            {(control) => <Input {...control} type="month" defaultValue={monthKey(month)} className="w-44" />}
          </Field>
          <Field id="costs-by" name="by" label="Chart by">
            {(control) => (
              <Select {...control} defaultValue={page.granularity} className="w-40">
                <option value="day">Day</option>
                <option value="week">Week</option>
                <option value="month">Month</option>
              </Select>
            )}
          </Field>
          <Button type="submit" variant="primary">
            Show
          </Button>
          <a
            href={`/api/costs/export?month=${monthKey(month)}`}
            className="ml-auto text-sm font-medium text-accent underline"
            download
          >
            Export {monthText} as CSV
          </a>
        </form>
        {!parsed.success ? (
          <p role="alert" className="text-sm text-needs-human">
            That month or chart choice is not valid; showing the current month by day.
          </p>
        ) : null}
        {seesEverything(user) ? null : (
          <p className="text-sm text-fg-muted">
            Figures count only the tasks of repositories you can see on GitHub.
          </p>
        )}

        <Section id="costs-summary" title={`${monthText} against ${previousText}`}>
          <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <SummaryCard
              label={`Credits in ${monthText}`}
              value={formatCreditsNano(totals.current.creditsNano)}
              href={monthTasksHref(month)}
              testId="credits-current"
              note={`${formatCount(totals.current.tasks)} tasks`}
            />
            <SummaryCard
              label={`Credits in ${previousText}`}
              value={formatCreditsNano(totals.previous.creditsNano)}
              href={monthTasksHref(previousMonth)}
              testId="credits-previous"
              note={`${formatCount(totals.previous.tasks)} tasks`}
            />
            <SummaryCard
              label="Change"
              value={`${change > 0n ? "+" : change < 0n ? "−" : ""}${formatCreditsNano(change < 0n ? -change : change)}`}
              testId="credits-change"
              note={
                totals.previous.creditsNano > 0n
                  ? `${Number((change * 1000n) / totals.previous.creditsNano) / 10}% against ${previousText}`
                  : `nothing spent in ${previousText}`
              }
            />
            <SummaryCard
              label="Premium requests"
              value={totals.current.premiumRequests}
              testId="premium-current"
              note={`older sessions, counted apart from credits (${previousText}: ${totals.previous.premiumRequests})`}
            />
          </ul>
        </Section>

        <Section id="costs-budgets" title="Budgets this month">
          {page.budgets.length === 0 ? (
            <p className="mt-2 text-sm text-fg-muted">
              {seesEverything(user) ? "No budgets yet." : "No budget covers your tasks."}{" "}
              {seesEverything(user) ? (
                <Link href="/settings/budgets" className="text-accent underline">
                  Set budgets in Settings
                </Link>
              ) : null}
            </p>
          ) : (
            <div className="mt-4 grid gap-4 rounded-lg border border-line bg-surface p-4 md:grid-cols-2">
              {page.budgets.map((budget) => (
                <BudgetMeter key={budget.id} budget={budget} />
              ))}
            </div>
          )}
        </Section>

        <CostChart series={page.series} title={CHART_TITLES[page.granularity]} />

        <Section id="costs-breakdowns" title={`Where the credits went in ${monthText}`}>
          <div className="mt-4 grid gap-6 lg:grid-cols-2">
            <BreakdownTable title="By person" rows={page.breakdowns.person} month={month} />
            <BreakdownTable
              title="By team"
              rows={page.breakdowns.team}
              month={month}
              empty="No team's members started tasks: add teams in Settings."
            />
            <BreakdownTable title="By repository" rows={page.breakdowns.repository} month={month} />
            <BreakdownTable
              title="By template"
              rows={page.breakdowns.template}
              month={month}
              empty="No tasks from templates."
            />
            <BreakdownTable
              title="By campaign"
              rows={page.breakdowns.campaign}
              month={month}
              empty="No campaign tasks."
            />
            <BreakdownTable title="By model" rows={page.breakdowns.model} month={month} />
          </div>
        </Section>

        <Section id="costs-outcomes" title="What it bought">
          <div className="mt-4 max-w-3xl rounded-lg border border-line bg-surface p-4">
            <MergedPrCost
              month={month}
              outcome={page.outcome}
              tasks={totals.current.tasks}
              testId="cost-per-merged-pr"
            />
          </div>
          <p className="mt-2 max-w-3xl text-sm text-fg-muted">
            Cost per merged pull request divides all credits of the month&apos;s tasks, failed and abandoned
            ones included, by the distinct pull requests they got merged; merge rate is the share of the
            month&apos;s tasks whose pull request was merged. Pull requests are read from GitHub as they
            change, so a month&apos;s figures grow as its pull requests are merged. A team adds up its
            members&apos; figures: a pull request two of them worked on counts for each.
          </p>
          {/* Seven columns each: one table per row, or they scroll sideways at desktop width. */}
          <div className="mt-4 grid gap-6">
            <OutcomeTable title="Per template" rows={page.outcomes.template} month={month} />
            <OutcomeTable title="Per campaign" rows={page.outcomes.campaign} month={month} />
            <OutcomeTable title="Per model" rows={page.outcomes.model} month={month} />
            <OutcomeTable title="Per person" rows={page.outcomes.person} month={month} />
            <OutcomeTable title="Per team" rows={page.outcomes.team} month={month} />
            <OutcomeTable title="Per repository" rows={page.outcomes.repository} month={month} />
          </div>
        </Section>

        <Section id="costs-expensive" title="Most expensive tasks">
          <ExpensiveTable tasks={page.expensive} month={month} />
        </Section>

        <Section id="costs-chains" title="Most expensive retry chains">
          <p className="mt-1 text-sm text-fg-muted">
            A first attempt created in {monthText} and every retry, edit or follow-up that came after it.
          </p>
          <ChainsTable chains={page.chains} />
        </Section>
      </div>
    </>
  );
}

function SummaryCard({
  label,
  value,
  note,
  href,
  testId,
}: {
  label: string;
  value: string;
  note: string;
  href?: string;
  testId: string;
}) {
  const body = (
    <>
      <h3 className="text-sm text-fg-muted">{label}</h3>
      <p className="mt-2 text-3xl font-bold tabular-nums" data-testid={testId}>
        {value}
      </p>
      <p className="mt-1 text-sm text-fg-muted">{note}</p>
    </>
  );
  return (
    <li>
      {href ? (
        <Link
          href={href}
          className="block h-full rounded-lg border border-line bg-surface p-4 hover:border-fg-muted"
        >
          {body}
        </Link>
      ) : (
        <div className="h-full rounded-lg border border-line bg-surface p-4">{body}</div>
      )}
    </li>
  );
}

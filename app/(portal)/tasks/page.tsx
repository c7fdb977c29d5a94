import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/session";
import { listSavedViews } from "@/lib/dal/saved-views";
import { countTasks, listFilterOptions, listTasks } from "@/lib/dal/tasks";
import {
  DEFAULT_TASK_FILTERS,
  parseTaskFilters,
  taskFiltersToSearchParams,
} from "@/lib/validations/task-filters";
import { SavedViews } from "./_components/saved-views";
import { TaskFiltersForm } from "./_components/task-filters-form";
import { TaskTable } from "./_components/task-table";

export const metadata: Metadata = { title: "Tasks" };
export const dynamic = "force-dynamic";

export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const parsed = parseTaskFilters(await searchParams);
  const filters = parsed.ok ? parsed.filters : DEFAULT_TASK_FILTERS;
  const query = taskFiltersToSearchParams(filters).toString();
  const [firstPage, total, options, views] = await Promise.all([
    listTasks({ filters, viewer: user }),
    countTasks({ filters, viewer: user }),
    listFilterOptions(user),
    listSavedViews(user),
  ]);
  return (
    <>
      <PageHeader
        title="Tasks"
        description="Every Copilot cloud agent task Switchyard knows about. Filters live in the address bar: copy the link to share a view."
      />
      {!parsed.ok ? (
        <p
          role="alert"
          className="mb-4 rounded-md border border-needs-human bg-needs-human-soft p-3 text-sm text-needs-human"
        >
          Some filters in the address were not valid ({Object.keys(parsed.fieldErrors).join(", ")}), so all
          tasks are shown.
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[1fr_18rem]">
        <div className="min-w-0 space-y-6">
          <TaskFiltersForm query={query} filters={filters} options={options} />
          <TaskTable key={query} query={query} initialPage={firstPage} total={total} />
        </div>
        <aside>
          <SavedViews views={views} query={query} activeQuery={query} />
        </aside>
      </div>
    </>
  );
}

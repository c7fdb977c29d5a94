import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { NavLinks } from "@/components/nav-links";
import { PageHeader } from "@/components/page-header";
import { requireUser } from "@/lib/auth/session";
import { categoryLabel, listTemplates, TEMPLATE_CATEGORIES } from "@/lib/dal/templates";
import { buttonVariants } from "@/components/ui/button";
import { Table, TableCell, TableRow, TableRowHeader } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";

export const metadata: Metadata = { title: "Templates" };
export const dynamic = "force-dynamic";

export default async function TemplatesPage({
  searchParams,
}: {
  searchParams: Promise<{ category?: string; archived?: string }>;
}) {
  const user = await requireUser();
  const query = await searchParams;
  const category = TEMPLATE_CATEGORIES.find((item) => item.value === query.category)?.value;
  const showArchived = query.archived === "1";
  const templates = await listTemplates(user, { category, includeArchived: showArchived });
  const now = new Date();
  const filterHref = (next: { category?: string; archived?: boolean }) => {
    const params = new URLSearchParams();
    if (next.category) params.set("category", next.category);
    if (next.archived) params.set("archived", "1");
    const text = params.toString();
    return text ? `/templates?${text}` : "/templates";
  };
  return (
    <>
      <PageHeader
        title="Templates"
        description="Versioned prompts with typed parameters, filled in with each repository's facts (language, commands, CODEOWNERS, workflows). Launches and campaigns record the version they used."
      />
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <NavLinks
          label="Template categories"
          variant="pills"
          items={[
            { href: filterHref({ archived: showArchived }), label: "All", current: !category },
            ...TEMPLATE_CATEGORIES.map((item) => ({
              href: filterHref({ category: item.value, archived: showArchived }),
              label: item.label,
              current: category === item.value,
            })),
          ]}
        />
        <div className="flex items-center gap-4 text-sm">
          <Link href={filterHref({ category, archived: !showArchived })} className="text-accent underline">
            {showArchived ? "Hide archived" : "Show archived"}
          </Link>
          <Link href="/templates/new" className={buttonVariants({ variant: "primary" })}>
            New template
          </Link>
        </div>
      </div>
      {templates.length === 0 ? (
        <EmptyState title={category ? "No templates in this category" : "No templates yet"}>
          <p>
            <Link href="/templates/new" className="text-accent underline">
              Create a template
            </Link>{" "}
            to start the same kind of task again and again, or across many repositories.
          </p>
        </EmptyState>
      ) : (
        <Table
          caption="Templates"
          columns={["Template", "Category", "Latest version", "Parameters", "Tasks started"]}
        >
          {templates.map((template) => (
            <TableRow key={template.id}>
              <TableRowHeader className="font-normal">
                <Link href={`/templates/${template.id}`} className="font-medium text-accent underline">
                  {template.name}
                </Link>
                <span className="ml-2 rounded-full border border-line px-2 py-0.5 text-xs text-fg-muted">
                  {template.origin === "starter" ? "Starter" : "Custom"}
                </span>
                {template.archivedAt ? (
                  <span className="ml-2 rounded-full border border-needs-human px-2 py-0.5 text-xs text-needs-human">
                    Archived
                  </span>
                ) : null}
                {template.description ? (
                  <p className="mt-1 max-w-xl text-fg-muted">{template.description}</p>
                ) : null}
              </TableRowHeader>
              <TableCell>{categoryLabel(template.category)}</TableCell>
              <TableCell className="whitespace-nowrap">
                {template.latest ? (
                  <>
                    Version {template.latest.version}
                    <span className="block text-xs text-fg-muted">
                      <RelativeTime date={template.latest.createdAt} now={now} />
                      {template.latest.createdByLogin ? ` by ${template.latest.createdByLogin}` : ""}
                    </span>
                  </>
                ) : (
                  "None"
                )}
              </TableCell>
              <TableCell className="tabular-nums">{template.latest?.parameterCount ?? 0}</TableCell>
              <TableCell className="tabular-nums">{template.launchCount}</TableCell>
            </TableRow>
          ))}
        </Table>
      )}
    </>
  );
}

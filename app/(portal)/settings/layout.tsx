import type { ReactNode } from "react";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { NavLinks } from "@/components/nav-links";

const SETTINGS_SECTIONS = [
  { href: "/settings", label: "Overview" },
  { href: "/settings/teams", label: "Teams" },
  { href: "/settings/routing", label: "Routing" },
  { href: "/settings/policies", label: "Policies" },
  { href: "/settings/sla", label: "SLA" },
  { href: "/settings/budgets", label: "Budgets" },
  { href: "/settings/audit", label: "Audit log" },
];

/** Settings is for admins; each page checks again (a layout is not re-run on every navigation). */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return (
    <>
      <PageHeader
        title="Settings"
        description="Who gets work that needs a human, how fast it must be picked up, what the agent may do in which repositories, how Switchyard keeps its copy of everyone's agent tasks, and who did what."
      />
      <div className="flex flex-col gap-8 md:flex-row">
        <div className="md:w-44 md:shrink-0">
          <NavLinks label="Settings sections" items={SETTINGS_SECTIONS} variant="sections" />
        </div>
        <div className="min-w-0 flex-1 space-y-12">{children}</div>
      </div>
    </>
  );
}

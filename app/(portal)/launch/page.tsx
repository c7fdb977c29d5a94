import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { StartTaskForm } from "@/components/start-task-form";
import { requireUser } from "@/lib/auth/session";
import { getLaunchInputs } from "@/lib/dal/tasks";

export const metadata: Metadata = { title: "Launch" };

export default async function LaunchPage({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  await requireUser();
  const from = (await searchParams).from;
  // Edit and retry: start from an earlier task's inputs.
  const previous = from && /^[A-Za-z0-9-]{1,64}$/.test(from) ? await getLaunchInputs({ taskId: from }) : null;
  return (
    <>
      <PageHeader
        title={previous ? "Edit and retry" : "Launch"}
        description={
          previous
            ? `A new attempt at “${previous.name}”, prefilled with its inputs. It runs under your own GitHub identity and is linked to the original.`
            : "Start a Copilot cloud agent task under your own GitHub identity. Templates, new-repository setup and campaigns come next."
        }
      />
      <StartTaskForm
        key={previous?.taskId ?? "new"}
        initial={previous?.values}
        previousTaskId={previous?.taskId}
      />
    </>
  );
}

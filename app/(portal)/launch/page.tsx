import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { StartTaskForm } from "@/components/start-task-form";

export const metadata: Metadata = { title: "Launch" };

export default function LaunchPage() {
  return (
    <>
      <PageHeader
        title="Launch"
        description="Start a Copilot cloud agent task under your own GitHub identity. Templates, new-repository setup and campaigns come next."
      />
      <StartTaskForm />
    </>
  );
}

import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <div className="max-w-2xl">
      <PageHeader
        title="Sign in to Switchyard"
        description="Switchyard uses your own GitHub identity: tasks you launch or act on are attributed to you, and you only see repositories your GitHub account can access."
      />
      <div
        role="note"
        aria-labelledby="sign-in-notice"
        className="rounded-lg border border-dashed border-line bg-surface p-6"
      >
        <h2 id="sign-in-notice" className="text-lg font-semibold text-fg">
          Sign-in is not available yet
        </h2>
        <p className="mt-2 text-sm text-fg-muted">
          GitHub sign-in is wired up in a later release; the local GitHub emulator is already running in demo
          mode at the configured GITHUB_WEB_URL.
        </p>
      </div>
    </div>
  );
}

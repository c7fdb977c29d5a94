import Link from "next/link";
import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";
import { isDemoMode } from "@/lib/dal/demo";
import { getVisibilityNote } from "@/lib/dal/visibility";
import { getEnv } from "@/lib/env";
import { DemoBar } from "./_components/demo-bar";

/** Every page in the portal needs a signed-in person; only /sign-in is public. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const note = await getVisibilityNote(user);
  // The bar needs no query: the guided start's state is the dashboard's own (getDemoShell).
  return (
    <>
      {isDemoMode() ? (
        <DemoBar emulatorUrl={getEnv().GITHUB_WEB_URL} isAdmin={user.role === "admin"} />
      ) : null}
      {user.tokenProblem ? (
        <p
          role="alert"
          className="mb-6 rounded-lg border border-needs-human bg-needs-human-soft p-4 text-sm text-fg"
        >
          GitHub no longer accepts your sign-in, so Switchyard cannot act for you.{" "}
          <Link href={`/sign-in?reason=${user.tokenProblem}`} className="font-medium underline">
            Sign in again
          </Link>
        </p>
      ) : null}
      {note ? (
        <p
          role="note"
          data-testid="visibility-note"
          className="mb-6 rounded-lg border border-line bg-surface p-3 text-sm text-fg"
        >
          {note.kind === "admin" ? (
            <>
              <strong>Admin view:</strong>{" "}
              {note.hiddenRepositories > 0
                ? `includes repositories you cannot see on GitHub (${note.hiddenRepositories} with tasks). Members see only the repositories GitHub shows them.`
                : "includes every repository's tasks, also those of repositories you could not see on GitHub. Members see only the repositories GitHub shows them."}
            </>
          ) : note.kind === "loading" ? (
            "Switchyard is still checking which repositories you can see on GitHub. Tasks appear as soon as it knows; this takes a few seconds after your first sign-in."
          ) : (
            `Switchyard could not refresh which repositories you can see on GitHub (${note.message}), so it shows the tasks of those it knew last.`
          )}
        </p>
      ) : null}
      {children}
    </>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";

/** Every page in the portal needs a signed-in person; only /sign-in is public. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
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
      {children}
    </>
  );
}

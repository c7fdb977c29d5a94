import Link from "next/link";
import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";

/** Every page in the portal needs a signed-in person; only /sign-in is public. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const account = await db.account.findFirst({
    where: { userId: user.id, provider: "github" },
    select: { tokenProblem: true },
  });
  return (
    <>
      {account?.tokenProblem ? (
        <p
          role="alert"
          className="mb-6 rounded-lg border border-needs-human bg-needs-human-soft p-4 text-sm text-fg"
        >
          GitHub no longer accepts your sign-in, so Switchyard cannot act for you.{" "}
          <Link href={`/sign-in?reason=${account.tokenProblem}`} className="font-medium underline">
            Sign in again
          </Link>
        </p>
      ) : null}
      {children}
    </>
  );
}

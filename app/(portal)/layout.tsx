import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";

/** Every page in the portal needs a signed-in person; only /sign-in is public. */
export default async function PortalLayout({ children }: { children: ReactNode }) {
  await requireUser();
  return children;
}

import "server-only";
import { cache } from "react";
import type { SignedInUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";

/** The starter the guided start suggests for a first campaign (one that suits many repositories). */
const CAMPAIGN_STARTER_SLUG = "docs-sync";

export type DemoShell = {
  /** The GitHub emulator's web pages (its home lists people and repositories). */
  emulatorUrl: string;
  guidedStartHidden: boolean;
  campaignStarterId: string | null;
};

/** What the shell shows in demo mode (the badge, the guided start); null outside demo mode. */
export const getDemoShell = cache(async (viewer: SignedInUser): Promise<DemoShell | null> => {
  const env = getEnv();
  if (env.SWITCHYARD_DEMO !== "1") return null;
  const [person, starter] = await Promise.all([
    db.user.findUnique({ where: { id: viewer.id }, select: { guidedStartHiddenAt: true } }),
    db.template.findUnique({
      where: { slug: CAMPAIGN_STARTER_SLUG },
      select: { id: true, archivedAt: true },
    }),
  ]);
  return {
    emulatorUrl: env.GITHUB_WEB_URL,
    guidedStartHidden: person?.guidedStartHiddenAt != null,
    campaignStarterId: starter && !starter.archivedAt ? starter.id : null,
  };
});

export function isDemoMode(): boolean {
  return getEnv().SWITCHYARD_DEMO === "1";
}

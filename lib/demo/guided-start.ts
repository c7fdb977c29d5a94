/** Whether a person sees the guided start on the dashboard (demo mode); hidden or shown again by them. */
import type { Prisma } from "@/generated/prisma/client";

export async function setGuidedStartHidden(
  tx: Prisma.TransactionClient,
  userId: string,
  hidden: boolean,
  now = new Date(),
): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { guidedStartHiddenAt: hidden ? now : null } });
}

"use server";

import { z } from "zod";
import { adminAction, publicAction, userAction } from "@/lib/actions/kit";
import { fail, ok } from "@/lib/result";
import { signOut } from "@/lib/auth/config";
import { isDemoMode } from "@/lib/dal/demo";
import { clearDemoActivity, resetEmulator } from "@/lib/demo/reset";
import { setGuidedStartHidden } from "@/lib/demo/guided-start";
import { getEnv } from "@/lib/env";
import { markNotificationsRead, markReadSchema } from "@/lib/notifications/personal";

/** Marks one of the caller's notifications read (`id`), or all of them (the bell, in the shell). */
export const markNotificationsReadAction = userAction(
  { name: "notification.mark_read", input: markReadSchema, invalidMessage: "That is not a notification." },
  async ({ id }, ctx) => {
    const marked = await markNotificationsRead(ctx.db, ctx.user.id, id);
    ctx.audit({
      targetType: "notification",
      targetId: id ?? null,
      details: { scope: id ? "one" : "all", marked },
    });
    // The bell reads through /api/notifications and refetches itself; no server-rendered page shows them.
    return ok({ marked });
  },
);

/** Signs out (the user menu, in the shell); Auth.js deletes the database session. */
export const signOutAction = publicAction(z.object({}), async () => {
  await signOut({ redirectTo: "/sign-in?signedOut=1" });
});

const notDemo = () => fail("invalid_state", "This only exists in demo mode.");

/** Hides the dashboard's guided start for the caller, or shows it again (demo mode). */
export const setGuidedStartAction = userAction(
  {
    name: "demo.guided_start",
    input: z.object({ hidden: z.enum(["0", "1"]) }),
    invalidMessage: "Say whether to hide the guided start.",
    revalidate: ["/"],
  },
  async ({ hidden }, ctx) => {
    if (!isDemoMode()) return notDemo();
    await setGuidedStartHidden(ctx.db, ctx.user.id, hidden === "1");
    ctx.audit({
      targetType: "user",
      targetId: ctx.user.id,
      details: { guidedStart: hidden === "1" ? "hidden" : "shown" },
    });
    return ok({ hidden: hidden === "1" });
  },
);

/**
 * Demo mode, admins: back to a fresh demo (lib/demo/reset.ts says exactly what goes and what stays).
 * The emulator is reset first, over the network and outside any transaction; Switchyard's copies
 * are then cleared in one transaction with the audit record.
 */
export const resetDemoAction = adminAction(
  {
    name: "demo.reset",
    input: z.object({}),
    transaction: false,
    revalidate: ["/", "/tasks", "/triage", "/campaigns"],
  },
  async (_input, ctx) => {
    if (!isDemoMode()) return notDemo();
    const emulator = await resetEmulator(getEnv().GITHUB_API_URL);
    const cleared = await ctx.transaction(async (tx) => {
      const counts = await clearDemoActivity(tx);
      // Said before the transaction ends: the record is written with it.
      ctx.audit({
        targetType: "demo",
        targetId: null,
        details: { ...counts, emulatorSeedTasks: emulator.tasks },
      });
      return counts;
    });
    return ok(cleared);
  },
);

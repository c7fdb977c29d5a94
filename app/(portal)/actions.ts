"use server";

import { z } from "zod";
import { publicAction, userAction } from "@/lib/actions/kit";
import { ok } from "@/lib/result";
import { signOut } from "@/lib/auth/config";
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

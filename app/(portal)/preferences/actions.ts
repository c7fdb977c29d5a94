"use server";

import { userAction } from "@/lib/actions/kit";
import { savePreferences } from "@/lib/dal/preferences";
import { ok } from "@/lib/result";
import { preferencesSchema } from "@/lib/validations/preferences";

/** A person's own display preferences (their time zone); anyone signed in, for themselves only. */
export const savePreferencesAction = userAction(
  {
    name: "preferences.save",
    input: preferencesSchema,
    invalidMessage: "Choose a time zone from the list.",
    // Every page shows times: the root layout hands the zone down.
    revalidate: ["/"],
  },
  async ({ timeZone }, ctx) => {
    await savePreferences(ctx.db, ctx.user.id, { timeZone });
    ctx.audit({ targetType: "user", targetId: ctx.user.id, details: { timeZone } });
    return ok({ timeZone });
  },
);

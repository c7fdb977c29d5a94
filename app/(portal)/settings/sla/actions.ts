"use server";

import { adminAction } from "@/lib/actions/kit";
import { ok } from "@/lib/result";
import { writeSlaTargets } from "@/lib/dal/sla-targets";
import { slaTargetsSchema } from "@/lib/settings/inputs";

/** Saves the target per needs-human state; a blank field goes back to the default. */
export const saveSlaTargetsAction = adminAction(
  { name: "sla.save", input: slaTargetsSchema, revalidate: ["/settings/sla", "/settings"] },
  async (minutes, ctx) => {
    await writeSlaTargets(ctx.db, minutes);
    ctx.audit({ targetType: "sla_target", details: { minutes } });
    return ok({ saved: true as const });
  },
);

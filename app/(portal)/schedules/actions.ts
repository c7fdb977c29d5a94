"use server";

import { z } from "zod";
import { userAction } from "@/lib/actions/kit";
import { ok } from "@/lib/result";
import {
  createSchedule,
  deleteSchedule,
  scheduleFormSchema,
  setScheduleEnabled,
} from "@/lib/schedules/store";
import { formBoolean, idSchema } from "@/lib/validations/common";

const scheduleRef = z.object({ scheduleId: idSchema });

/** Creates a schedule owned by the caller (one repository, or a campaign over a target spec) and opens it. */
export const createScheduleAction = userAction(
  {
    name: "schedule.create",
    input: scheduleFormSchema,
    revalidate: ["/schedules"],
    redirect: ({ id }: { id: string }) => `/schedules/${id}`,
  },
  async (input, ctx) => {
    const created = await createSchedule(ctx.db, ctx.user, input);
    ctx.audit({
      targetType: "schedule",
      targetId: created.id,
      details: {
        name: input.name,
        templateId: input.templateId,
        target: input.target,
        repository: input.target === "repository" ? input.repository : null,
        cron: input.cron,
        timeZone: input.timeZone,
        overlap: input.overlap,
        missed: input.missed,
      },
    });
    return ok(created);
  },
);

/** Pauses or resumes a schedule (its owner, or an admin). */
export const setScheduleEnabledAction = userAction(
  {
    name: "schedule.set_enabled",
    input: scheduleRef.extend({ enabled: formBoolean }),
    revalidate: ({ scheduleId }) => ["/schedules", `/schedules/${scheduleId}`],
  },
  async ({ scheduleId, enabled }, ctx) => {
    ctx.audit({
      action: enabled ? "schedule.resume" : "schedule.pause",
      targetType: "schedule",
      targetId: scheduleId,
    });
    await setScheduleEnabled(ctx.db, ctx.user, scheduleId, enabled);
    return ok({ enabled });
  },
);

/** Deletes a schedule and its run history (its tasks stay). */
export const deleteScheduleAction = userAction(
  { name: "schedule.delete", input: scheduleRef, revalidate: ["/schedules"], redirect: () => "/schedules" },
  async ({ scheduleId }, ctx) => {
    ctx.audit({ targetType: "schedule", targetId: scheduleId });
    const deleted = await deleteSchedule(ctx.db, ctx.user, scheduleId);
    ctx.audit({ details: { name: deleted.name } });
    return ok({ id: scheduleId });
  },
);

"use server";

import { adminAction } from "@/lib/actions/kit";
import { fail, ok } from "@/lib/result";
import { exactCredits } from "@/lib/costs/money";
import { deleteBudget, saveBudget, setBudgetOverride } from "@/lib/dal/budgets";
import { budgetOverrideSchema, budgetSchema, byIdSchema } from "@/lib/settings/inputs";

const revalidate = ["/settings/budgets", "/costs", "/"];

/** Sets (or changes) the monthly budget of a team, person or campaign. */
export const saveBudgetAction = adminAction(
  { name: "budget.save", input: budgetSchema, revalidate },
  async ({ target, limit, hard }, ctx) => {
    const details = { scope: target.scope, targetId: target.id, limit: exactCredits(limit), hard };
    ctx.audit({ targetType: "budget", details });
    const saved = await saveBudget(ctx.db, { target, limitNano: limit, hard, createdById: ctx.user.id });
    if (!saved)
      return fail("not_found", "Check the highlighted fields.", {
        fieldErrors: { target: ["That team, person or campaign no longer exists."] },
      });
    ctx.audit({
      action: saved.created ? "budget.create" : "budget.update",
      targetId: saved.id,
      details: { ...details, name: saved.name },
    });
    return ok({ id: saved.id, name: saved.name });
  },
);

export const deleteBudgetAction = adminAction(
  { name: "budget.delete", input: byIdSchema, invalidMessage: "That is not a budget.", revalidate },
  async ({ id }, ctx) => {
    ctx.audit({ targetType: "budget", targetId: id });
    const deleted = await deleteBudget(ctx.db, id);
    if (!deleted) return fail("not_found", "That budget no longer exists.");
    ctx.audit({ details: deleted });
    return ok(deleted);
  },
);

/**
 * Lifts a used-up hard budget for the rest of this month (starts it covers go ahead, campaigns it
 * paused resume), or puts the limit back.
 */
export const overrideBudgetAction = adminAction(
  {
    name: "budget.override",
    input: budgetOverrideSchema,
    invalidMessage: "That is not a budget.",
    revalidate,
  },
  async ({ id, override }, ctx) => {
    ctx.audit({
      action: override ? "budget.override" : "budget.override_clear",
      targetType: "budget",
      targetId: id,
    });
    const result = await setBudgetOverride(ctx.db, { id, override, adminId: ctx.user.id });
    if (!result) return fail("not_found", "That budget no longer exists.");
    if (result === "soft")
      return fail("invalid_state", "A soft budget never refuses starts: nothing to override.");
    ctx.audit({ details: { month: result.month } });
    return ok({ overridden: override });
  },
);

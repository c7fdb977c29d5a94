"use server";

import { adminAction } from "@/lib/actions/kit";
import { fail, ok } from "@/lib/result";
import {
  createRoutingRule,
  deleteRoutingRule,
  moveRoutingRule,
  routingTargetExists,
  updateRoutingRule,
} from "@/lib/dal/routing-rules";
import { byIdSchema, moveSchema, routingRuleSchema } from "@/lib/settings/inputs";

const revalidate = ["/settings/routing", "/settings"];

/** Creates a rule (placed last) or updates one. */
export const saveRoutingRuleAction = adminAction(
  { name: "routing_rule.save", input: routingRuleSchema, revalidate },
  async ({ id, target, matchAll: _matchAll, ...fields }, ctx) => {
    const rule = {
      ...fields,
      targetUserId: target.type === "user" ? target.id : null,
      targetTeamId: target.type === "team" ? target.id : null,
    };
    ctx.audit({
      action: id ? "routing_rule.update" : "routing_rule.create",
      targetType: "routing_rule",
      targetId: id,
      details: rule,
    });
    if (!(await routingTargetExists(ctx.db, target)))
      return fail("invalid_input", "Check the highlighted fields.", {
        fieldErrors: {
          target: [
            target.type === "user"
              ? "Only people who have signed in to Switchyard can own work."
              : "That team no longer exists.",
          ],
        },
      });
    if (id && !(await updateRoutingRule(ctx.db, id, rule)))
      return fail("not_found", "That rule no longer exists.");
    const ruleId = id ?? (await createRoutingRule(ctx.db, { ...rule, createdById: ctx.user.id })).id;
    ctx.audit({ targetId: ruleId });
    return ok({ id: ruleId, name: rule.name });
  },
);

export const deleteRoutingRuleAction = adminAction(
  {
    name: "routing_rule.delete",
    input: byIdSchema,
    invalidMessage: "That is not a routing rule.",
    revalidate,
  },
  async ({ id }, ctx) => {
    ctx.audit({ targetType: "routing_rule", targetId: id });
    const deleted = await deleteRoutingRule(ctx.db, id);
    if (!deleted) return fail("not_found", "That rule no longer exists.");
    ctx.audit({ details: deleted });
    return ok(deleted);
  },
);

/** Swaps a rule with the one above or below it. */
export const moveRoutingRuleAction = adminAction(
  { name: "routing_rule.move", input: moveSchema, invalidMessage: "That is not a move.", revalidate },
  async ({ id, direction }, ctx) => {
    ctx.audit({ targetType: "routing_rule", targetId: id, details: { direction } });
    const result = await moveRoutingRule(ctx.db, { id, direction });
    if (!result.ok) return fail("not_found", "That rule no longer exists.");
    ctx.audit({ details: { name: result.name, direction, moved: result.moved } });
    return ok({ moved: result.moved });
  },
);

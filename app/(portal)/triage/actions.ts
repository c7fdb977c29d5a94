"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser, type SignedInUser } from "@/lib/auth/session";
import { canActOn, triageWhere, TRIAGE_VIEWS } from "@/lib/dal/triage";
import { db } from "@/lib/db";
import { notifyTriageEvent } from "@/lib/notifications/notify";
import { formValues, type ActionResult } from "@/lib/tasks/action-result";
import { startTaskAs } from "@/lib/tasks/start";

const ids = z.array(z.string().regex(/^[a-z0-9]{10,40}$/)).max(500);

const itemActionSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("claim") }),
  z.object({ op: z.literal("acknowledge") }),
  z.object({
    op: z.literal("reassign"),
    assignee: z.string().regex(/^(user|team):[a-z0-9]{10,40}$/, "Pick a person or a team."),
  }),
  z.object({
    op: z.literal("snooze"),
    until: z.coerce
      .date({ message: "Pick a date and time." })
      .refine((d) => d > new Date(), "Pick a time in the future."),
  }),
  z.object({ op: z.literal("note"), body: z.string().trim().min(1, "Write a note.").max(4000) }),
  z.object({
    op: z.literal("resolve"),
    resolution: z.enum(["retried", "answered_on_github", "fixed_by_hand", "wont_do"], {
      message: "Pick a resolution.",
    }),
  }),
]);

const targetSchema = z.union([
  z.object({ itemIds: ids.min(1, "Select at least one item.") }),
  z.object({ view: z.enum(TRIAGE_VIEWS), confirmCount: z.coerce.number().int().min(1) }),
]);

function fields(formData: FormData) {
  return {
    values: formValues(formData),
    itemIds: formData.getAll("itemId").filter((v): v is string => typeof v === "string"),
  };
}

/** The items an action targets: a selection, or "everything matching this view" with its count confirmed. */
async function targetItems(user: SignedInUser, target: z.infer<typeof targetSchema>) {
  if ("itemIds" in target)
    return { items: await db.triageItem.findMany({ where: { id: { in: target.itemIds } } }) };
  const where = await triageWhere(target.view, user);
  const items = await db.triageItem.findMany({ where, take: 1000 });
  if (items.length !== target.confirmCount)
    return {
      items: [],
      error: `The view now has ${items.length} items, not ${target.confirmCount}. Review it and confirm again.`,
    };
  return { items };
}

/** Claim, acknowledge, reassign, snooze, note or resolve one item, a selection, or a whole view. */
export async function triageItemAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ changed: number; skipped: number }>> {
  const user = await requireUser();
  const { values, itemIds } = fields(formData);
  const parsedAction = itemActionSchema.safeParse(values);
  const parsedTarget = targetSchema.safeParse(itemIds.length ? { itemIds } : values);
  if (!parsedAction.success || !parsedTarget.success) {
    const errors = {
      ...(parsedAction.success ? {} : z.flattenError(parsedAction.error).fieldErrors),
      ...(parsedTarget.success ? {} : z.flattenError(parsedTarget.error).fieldErrors),
    } as Record<string, string[]>;
    return {
      ok: false,
      kind: "invalid_input",
      message: Object.values(errors).flat()[0] ?? "Check the form.",
      fieldErrors: errors,
      values,
    };
  }
  const action = parsedAction.data;
  const { items, error } = await targetItems(user, parsedTarget.data);
  if (error) return { ok: false, kind: "conflict", message: error, values };
  const teams = (await db.teamMember.findMany({ where: { userId: user.id } })).map((m) => m.teamId);
  let changed = 0;
  let skipped = 0;
  for (const item of items) {
    if (!canActOn(item, user, teams) || item.status === "resolved") {
      skipped++;
      continue;
    }
    const now = new Date();
    switch (action.op) {
      case "claim":
        await db.triageItem.update({
          where: { id: item.id },
          data: { ownerUserId: user.id, ownerReason: `Claimed by ${user.login}` },
        });
        break;
      case "acknowledge":
        await db.triageItem.update({
          where: { id: item.id },
          data: { acknowledgedAt: now, acknowledgedById: user.id },
        });
        break;
      case "reassign": {
        const [kind, id] = action.assignee.split(":") as ["user" | "team", string];
        const target =
          kind === "user"
            ? await db.user.findUnique({ where: { id }, select: { login: true } })
            : await db.team.findUnique({ where: { id }, select: { name: true } });
        if (!target)
          return { ok: false, kind: "not_found", message: "That person or team no longer exists.", values };
        const label = "login" in target ? target.login : target.name;
        await db.triageItem.update({
          where: { id: item.id },
          data:
            kind === "user"
              ? { ownerUserId: id, ownerTeamId: null, ownerReason: `Reassigned to ${label} by ${user.login}` }
              : {
                  ownerTeamId: id,
                  ownerUserId: null,
                  ownerReason: `Reassigned to ${label} by ${user.login}`,
                },
        });
        break;
      }
      case "snooze":
        await db.triageItem.update({
          where: { id: item.id },
          data: { status: "snoozed", snoozedUntil: action.until },
        });
        break;
      case "note":
        await db.triageNote.create({ data: { itemId: item.id, authorId: user.id, body: action.body } });
        break;
      case "resolve": {
        const task = await db.task.findUnique({
          where: { id: item.taskId },
          select: { name: true, repository: { select: { owner: true, name: true } } },
        });
        await notifyTriageEvent(
          db,
          {
            kind: "resolved",
            eventKey: `resolved:${item.id}`,
            itemId: item.id,
            taskId: item.taskId,
            title: task?.name ?? item.taskId,
            state: item.state,
            repository: task ? `${task.repository.owner}/${task.repository.name}` : "",
            ownerLabel: user.login,
            reason: `Resolved by ${user.login}: ${action.resolution.replace(/_/g, " ")}`,
            url: `/tasks/${item.taskId}`,
          },
          {
            userIds: item.ownerUserId ? [item.ownerUserId] : [],
            teamIds: item.ownerTeamId ? [item.ownerTeamId] : [],
          },
        );
        await db.triageItem.update({
          where: { id: item.id },
          data: { status: "resolved", resolution: action.resolution, resolvedAt: now, resolvedById: user.id },
        });
        break;
      }
    }
    changed++;
    await db.auditEvent.create({
      data: {
        actorId: user.id,
        actorLogin: user.login,
        action: `triage.${action.op}`,
        targetType: "triage_item",
        targetId: item.id,
        details: {
          taskId: item.taskId,
          ...(action.op === "reassign" ? { assignee: action.assignee } : {}),
          ...(action.op === "snooze" ? { until: action.until.toISOString() } : {}),
          ...(action.op === "resolve" ? { resolution: action.resolution } : {}),
          ...(action.op === "note" ? { note: action.body.slice(0, 200) } : {}),
        },
      },
    });
  }
  revalidatePath("/triage");
  if (changed === 0 && skipped > 0)
    return {
      ok: false,
      kind: "forbidden",
      message: "Only an item's owner, its team, or an admin can change it (anyone can take an unowned one).",
    };
  return { ok: true, data: { changed, skipped } };
}

const retrySchema = z.object({
  mode: z.enum(["retry", "narrower_retry", "follow_up"]),
  prompt: z.string().trim().max(20_000).optional(),
});

/**
 * Playbook actions: Retry (same inputs), Retry with a narrower prompt, Follow up (a new task on the
 * same branch with the owner's answer). Each starts under the acting person's own token, is linked
 * to the original as its next attempt, and the item resolves when that attempt completes.
 */
export async function retryItemsAction(
  _previous: unknown,
  formData: FormData,
): Promise<ActionResult<{ started: { itemId: string; taskId: string }[]; failed: string[] }>> {
  const user = await requireUser();
  const { values, itemIds } = fields(formData);
  const parsed = retrySchema.safeParse(values);
  const target = ids.min(1).safeParse(itemIds);
  if (!parsed.success || !target.success)
    return { ok: false, kind: "invalid_input", message: "Pick the items to retry.", values };
  const { mode, prompt } = parsed.data;
  if (mode !== "retry" && !prompt)
    return {
      ok: false,
      kind: "invalid_input",
      message: mode === "follow_up" ? "Write the answer for the agent." : "Write the narrower prompt.",
      fieldErrors: { prompt: ["Required."] },
      values,
    };
  const teams = (await db.teamMember.findMany({ where: { userId: user.id } })).map((m) => m.teamId);
  const items = await db.triageItem.findMany({
    where: { id: { in: target.data }, status: { not: "resolved" } },
    include: { task: { include: { repository: true, launch: true } } },
  });
  const started: { itemId: string; taskId: string }[] = [];
  const failed: string[] = [];
  for (const item of items) {
    if (!canActOn(item, user, teams)) {
      failed.push(`${item.task.name ?? item.taskId}: not yours to retry`);
      continue;
    }
    const { task } = item;
    if (mode === "follow_up" && !task.headRef) {
      failed.push(`${task.name ?? task.id}: the task has no branch to follow up on`);
      continue;
    }
    const originalPrompt = task.launch?.prompt ?? task.prompt;
    if (!originalPrompt && mode === "retry") {
      failed.push(`${task.name ?? task.id}: its prompt has not been read yet; use Edit and retry`);
      continue;
    }
    const result = await startTaskAs(
      user,
      {
        owner: task.repository.owner,
        repo: task.repository.name,
        prompt: mode === "retry" ? originalPrompt! : prompt!,
        ...(mode === "follow_up"
          ? { head_ref: task.headRef!, ...(task.baseRef ? { base_ref: task.baseRef } : {}) }
          : task.launch?.baseRef
            ? { base_ref: task.launch.baseRef }
            : {}),
        ...(task.launch?.model ? { model: task.launch.model } : {}),
        ...(task.launch?.customAgent ? { custom_agent: task.launch.customAgent } : {}),
        ...(task.launch?.createPullRequest !== null && task.launch?.createPullRequest !== undefined
          ? { create_pull_request: task.launch.createPullRequest }
          : {}),
      },
      { kind: mode, previousTaskId: task.id },
    );
    if (!result.ok) {
      failed.push(`${task.name ?? task.id}: ${result.message}`);
      continue;
    }
    await db.triageItem.update({ where: { id: item.id }, data: { nextTaskId: result.data.id } });
    await db.auditEvent.create({
      data: {
        actorId: user.id,
        actorLogin: user.login,
        githubIdentity: user.login,
        action: `triage.${mode}`,
        targetType: "triage_item",
        targetId: item.id,
        details: { taskId: task.id, nextTaskId: result.data.id },
      },
    });
    started.push({ itemId: item.id, taskId: result.data.id });
  }
  revalidatePath("/triage");
  if (started.length === 0)
    return { ok: false, kind: "failed", message: failed.join(" · ") || "Nothing to retry.", values };
  return { ok: true, data: { started, failed } };
}

import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { keyringFromEnv } from "@/lib/secrets/token-cipher";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { newWebhookSecret } from "@/lib/notifications/webhook";
import { requireKeyring, sealWebhookField, webhookHost } from "@/lib/secrets/webhook-secrets";
import { ROUTING_RULE_ORDER } from "./routing-rules";

type Tx = Prisma.TransactionClient;

export type TeamMemberDto = { userId: string; login: string };

export type TeamDto = {
  id: string;
  name: string;
  githubOrg: string | null;
  githubSlug: string | null;
  /** Only the host: the rest of a webhook URL (Slack's, say) is a credential. */
  webhookHost: string | null;
  hasWebhookSecret: boolean;
  digestMinutes: number | null;
  members: TeamMemberDto[];
};

export type TeamOption = { id: string; name: string };

const teamSelect = {
  id: true,
  name: true,
  githubOrg: true,
  githubSlug: true,
  webhookUrl: true,
  webhookSecret: true,
  digestMinutes: true,
  members: { select: { userId: true, user: { select: { login: true } } } },
} satisfies Prisma.TeamSelect;

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return "(invalid URL)";
  }
}

function toTeamDto(team: Prisma.TeamGetPayload<{ select: typeof teamSelect }>): TeamDto {
  return {
    id: team.id,
    name: team.name,
    githubOrg: team.githubOrg,
    githubSlug: team.githubSlug,
    // Stored encrypted and bound to the team's row (lib/notifications/webhook-secrets.ts).
    webhookHost: webhookHost(keyringFromEnv(getEnv()), { table: "Team", id: team.id }, team.webhookUrl),
    hasWebhookSecret: Boolean(team.webhookSecret),
    digestMinutes: team.digestMinutes,
    members: team.members
      .map((member) => ({ userId: member.userId, login: member.user.login ?? member.userId }))
      .sort((a, b) => a.login.localeCompare(b.login)),
  };
}

export async function listTeams(): Promise<TeamDto[]> {
  const teams = await db.team.findMany({ orderBy: { name: "asc" }, select: teamSelect });
  return teams.map(toTeamDto);
}

/** Teams by name, for pickers. */
export async function listTeamOptions(): Promise<TeamOption[]> {
  return db.team.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
}

export async function getTeam(id: string, client: Pick<Tx, "team"> = db): Promise<TeamDto | null> {
  const team = await client.team.findUnique({ where: { id }, select: teamSelect });
  return team ? toTeamDto(team) : null;
}

export type SaveTeamInput = {
  /** Absent: create a team. */
  id?: string;
  name: string;
  githubOrg: string | null;
  githubSlug: string | null;
  /** undefined keeps the stored webhook (and secret); null removes both. */
  webhookUrl?: string | null;
  /** undefined keeps the stored secret. */
  webhookSecret?: string | null;
  digestMinutes: number | null;
};

export type SaveTeamResult =
  | { ok: true; id: string }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "conflict"; field: "name" | "githubTeam" };

/**
 * Creates or updates a team; a name or GitHub team already used by another team is a conflict.
 * Checked before writing: a unique violation would abort the caller's transaction (one that slips
 * in between still fails, as a conflict, and changes nothing).
 */
export async function saveTeam(tx: Tx, input: SaveTeamInput): Promise<SaveTeamResult> {
  const others = input.id ? { id: { not: input.id } } : {};
  if (await tx.team.findFirst({ where: { name: input.name, ...others }, select: { id: true } }))
    return { ok: false, reason: "conflict", field: "name" };
  if (
    input.githubOrg &&
    input.githubSlug &&
    (await tx.team.findFirst({
      where: { githubOrg: input.githubOrg, githubSlug: input.githubSlug, ...others },
      select: { id: true },
    }))
  )
    return { ok: false, reason: "conflict", field: "githubTeam" };
  const data = {
    name: input.name,
    githubOrg: input.githubOrg,
    githubSlug: input.githubSlug,
    digestMinutes: input.digestMinutes,
  };
  // The webhook URL and secret are stored encrypted and bound to the team's id, so a new team gets
  // its id first and its webhook in the same transaction.
  const webhook = (id: string) => {
    const owner = { table: "Team" as const, id };
    const seal = (column: "webhookUrl" | "webhookSecret", plain: string) =>
      sealWebhookField(requireKeyring(), owner, column, plain);
    return {
      ...(input.webhookUrl ? { webhookUrl: seal("webhookUrl", input.webhookUrl) } : {}),
      ...(input.webhookUrl === null ? { webhookUrl: null, webhookSecret: null } : {}),
      ...(input.webhookUrl !== null && input.webhookSecret
        ? { webhookSecret: seal("webhookSecret", input.webhookSecret) }
        : {}),
      ...(input.webhookUrl !== null && input.webhookSecret === null ? { webhookSecret: null } : {}),
    };
  };
  if (input.id) {
    const updated = await tx.team.updateMany({
      where: { id: input.id },
      data: { ...data, ...webhook(input.id) },
    });
    return updated.count === 0 ? { ok: false, reason: "not_found" } : { ok: true, id: input.id };
  }
  const team = await tx.team.create({ data, select: { id: true } });
  const sealed = webhook(team.id);
  if (Object.keys(sealed).length > 0) await tx.team.update({ where: { id: team.id }, data: sealed });
  return { ok: true, id: team.id };
}

/** What the team form submits: a new webhook URL (or none), and whether to remove it or sign it. */
export type TeamFormInput = {
  id: string | null;
  name: string;
  githubOrg: string | null;
  githubSlug: string | null;
  /** A new URL; null keeps the stored one. */
  webhookUrl: string | null;
  removeWebhook: boolean;
  newSecret: boolean;
  digestMinutes: number | null;
};

export type SaveTeamFormResult =
  | {
      ok: true;
      id: string;
      /** A newly generated signing secret: shown once, never stored anywhere readable. */
      secret?: string;
      /** What the audit record says: the webhook's host only, never the URL or the secret. */
      details: Prisma.InputJsonObject;
    }
  | (Exclude<SaveTeamResult, { ok: true }> & { details: Prisma.InputJsonObject })
  | { ok: false; reason: "secret_without_webhook"; details: Prisma.InputJsonObject };

/** Saves the team form: works out what happens to the webhook and its secret, then saves. */
export async function saveTeamForm(tx: Tx, input: TeamFormInput): Promise<SaveTeamFormResult> {
  const existing = input.id ? await getTeam(input.id, tx) : null;
  // undefined keeps the stored webhook; null removes it.
  const webhookUrl = input.removeWebhook ? null : (input.webhookUrl ?? undefined);
  const hasWebhook = webhookUrl === undefined ? Boolean(existing?.webhookHost) : webhookUrl !== null;
  const details = {
    name: input.name,
    githubTeam: input.githubOrg ? `${input.githubOrg}/${input.githubSlug}` : null,
    webhookHost: webhookUrl
      ? hostOf(webhookUrl)
      : webhookUrl === null
        ? null
        : (existing?.webhookHost ?? null),
    webhookRemoved: webhookUrl === null && Boolean(existing?.webhookHost),
    secretRotated: input.newSecret,
    digestMinutes: hasWebhook ? input.digestMinutes : null,
  };
  if (input.id && !existing) return { ok: false, reason: "not_found", details };
  if (input.newSecret && !hasWebhook) return { ok: false, reason: "secret_without_webhook", details };
  const secret = input.newSecret ? newWebhookSecret() : undefined;
  const saved = await saveTeam(tx, {
    id: input.id ?? undefined,
    name: input.name,
    githubOrg: input.githubOrg,
    githubSlug: input.githubSlug,
    webhookUrl,
    webhookSecret: secret,
    digestMinutes: details.digestMinutes,
  });
  return saved.ok ? { ...saved, secret, details } : { ...saved, details };
}

export type DeleteTeamResult =
  | { ok: true; name: string }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "in_use"; rules: string[] };

/** Deletes a team, unless routing rules still send work to it (they would silently stop matching). */
export async function deleteTeam(tx: Tx, id: string): Promise<DeleteTeamResult> {
  const team = await tx.team.findUnique({ where: { id }, select: { name: true } });
  if (!team) return { ok: false, reason: "not_found" };
  const rules = await tx.routingRule.findMany({
    where: { targetTeamId: id },
    orderBy: ROUTING_RULE_ORDER,
    select: { name: true },
  });
  if (rules.length > 0) return { ok: false, reason: "in_use", rules: rules.map((rule) => rule.name) };
  await tx.team.delete({ where: { id } });
  return { ok: true, name: team.name };
}

export type MemberChangeResult =
  | { ok: true; teamName: string; login: string }
  | { ok: false; reason: "team_not_found" | "not_signed_in" | "already_member" | "not_member" };

/** Adds a person who has signed in (has an Account) to a team. */
export async function addTeamMember(
  tx: Tx,
  input: { teamId: string; userId: string },
): Promise<MemberChangeResult> {
  const [team, user] = await Promise.all([
    tx.team.findUnique({ where: { id: input.teamId }, select: { name: true } }),
    tx.user.findFirst({
      where: { id: input.userId, accounts: { some: {} } },
      select: { login: true },
    }),
  ]);
  if (!team) return { ok: false, reason: "team_not_found" };
  if (!user) return { ok: false, reason: "not_signed_in" };
  const { count } = await tx.teamMember.createMany({
    data: [{ teamId: input.teamId, userId: input.userId }],
    skipDuplicates: true,
  });
  if (count === 0) return { ok: false, reason: "already_member" };
  return { ok: true, teamName: team.name, login: user.login ?? input.userId };
}

export async function removeTeamMember(
  tx: Tx,
  input: { teamId: string; userId: string },
): Promise<MemberChangeResult> {
  const member = await tx.teamMember.findUnique({
    where: { teamId_userId: { teamId: input.teamId, userId: input.userId } },
    select: { team: { select: { name: true } }, user: { select: { login: true } } },
  });
  if (!member) return { ok: false, reason: "not_member" };
  await tx.teamMember.deleteMany({ where: { teamId: input.teamId, userId: input.userId } });
  return { ok: true, teamName: member.team.name, login: member.user.login ?? input.userId };
}

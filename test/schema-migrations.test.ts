/**
 * The schema's own migrations against a real Postgres: each one that changes existing data is
 * applied to a database holding rows of the shape before it (orphaned references included), and the
 * foreign keys then hold as declared. Each test uses a database of its own.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { recreateDatabase } from "@/scripts/lib/database";

const MIGRATIONS = path.resolve("prisma/migrations");
const SQL_OBJECTS = path.resolve("prisma/sql");
const FOREIGN_KEYS = "20261202100000_foreign_keys";
const ENUMS = "20261202110000_closed_sets_as_enums";
const DRY_RUN_TABLE = "20261203100000_campaign_dry_run_table";

const clients: pg.Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.end()));
});

/** An empty database of this test's own on the test server. */
async function emptyDatabase(name: string): Promise<pg.Client> {
  const template = process.env.TEST_TEMPLATE_DATABASE_URL;
  if (!template) throw new Error("TEST_TEMPLATE_DATABASE_URL is not set: run through vitest");
  const url = await recreateDatabase(template, `switchyard_test_migration_${name}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

/** Applies migrations in order, from `from` up to (not including) `until`, then the SQL objects. */
async function migrate(client: pg.Client, range: { from?: string; until?: string }): Promise<void> {
  const names = readdirSync(MIGRATIONS)
    .filter((name) => /^\d{14}_/.test(name))
    .sort()
    .filter((name) => (!range.from || name >= range.from) && (!range.until || name < range.until));
  for (const name of names)
    await client.query(readFileSync(path.join(MIGRATIONS, name, "migration.sql"), "utf8"));
  for (const file of readdirSync(SQL_OBJECTS)
    .filter((name) => name.endsWith(".sql"))
    .sort())
    await client.query(readFileSync(path.join(SQL_OBJECTS, file), "utf8"));
}

async function one<T>(client: pg.Client, sql: string, values: unknown[] = []): Promise<T> {
  const result = await client.query(sql, values);
  return result.rows[0] as T;
}

/** A person, a team, a template and a campaign with a task, a launch and a routing rule that use them. */
async function seedValid(client: pg.Client): Promise<void> {
  await client.query(`
    INSERT INTO "User" ("id", "login", "updatedAt") VALUES ('u1', 'alice', now());
    INSERT INTO "Team" ("id", "name", "updatedAt") VALUES ('team1', 'Payments', now());
    INSERT INTO "Repository" ("id", "owner", "name", "updatedAt") VALUES (1, 'acme', 'api', now());
    INSERT INTO "Template" ("id", "slug", "name", "updatedAt") VALUES ('tpl1', 'upgrade', 'Upgrade', now());
    INSERT INTO "TemplateVersion" ("id", "templateId", "version", "body") VALUES ('tv1', 'tpl1', 1, 'Upgrade');
    INSERT INTO "Campaign" ("id", "name", "templateVersionId", "createdById", "approvedById", "updatedAt")
      VALUES ('c1', 'Upgrade all', 'tv1', 'u1', 'u1', now());
    INSERT INTO "Task" ("id", "repositoryId", "state", "createdAt", "githubUpdatedAt", "campaignId", "templateId", "templateVersionId")
      VALUES ('t-kept', 1, 'completed', now(), now(), 'c1', 'tpl1', 'tv1');
    INSERT INTO "Launch" ("id", "userId", "githubLogin", "owner", "repo", "prompt", "kind", "previousTaskId", "campaignId")
      VALUES ('l1', 'u1', 'alice', 'acme', 'api', 'Retry', 'retry', 't-kept', 'c1');
    INSERT INTO "RoutingRule" ("id", "position", "name", "campaignId", "templateId", "targetTeamId", "createdById")
      VALUES ('r-valid', 0, 'valid', 'c1', 'tpl1', 'team1', 'u1');
  `);
}

/** References that point nowhere, as soft references allowed before the foreign keys. */
async function seedOrphans(client: pg.Client): Promise<void> {
  await client.query(`
    UPDATE "TemplateVersion" SET "createdById" = 'gone-user';
    UPDATE "Campaign" SET "approvedById" = 'gone-user';
    INSERT INTO "Task" ("id", "repositoryId", "state", "createdAt", "githubUpdatedAt", "campaignId", "templateId", "templateVersionId")
      VALUES ('t-orphan', 1, 'failed', now(), now(), 'gone-campaign', 'gone-template', 'gone-version');
    INSERT INTO "Launch" ("id", "userId", "githubLogin", "owner", "repo", "prompt", "kind", "previousTaskId", "campaignId", "repositorySetupId")
      VALUES ('l2', 'u1', 'alice', 'acme', 'api', 'Retry', 'retry', 'gone-task', 'gone-campaign', 'gone-setup');
    INSERT INTO "TriageItem" ("id", "taskId", "openedByChangeId", "state", "ownerReason", "slaDueAt", "acknowledgedById", "resolvedById", "nextTaskId")
      VALUES ('i1', 't-orphan', 1, 'failed', 'test', now(), 'u1', 'gone-user', 'gone-task');
    INSERT INTO "RoutingRule" ("id", "position", "name", "campaignId", "templateId", "targetUserId", "targetTeamId", "createdById")
      VALUES ('r-no-target', 1, 'no target', NULL, NULL, 'gone-user', 'gone-team', 'u1'),
             ('r-gone-campaign', 2, 'gone campaign', 'gone-campaign', NULL, NULL, 'team1', 'u1');
  `);
}

describe("migration: foreign keys", () => {
  it("clears references that point nowhere, keeps the valid ones, and then enforces them", async () => {
    const client = await emptyDatabase("foreign_keys");
    await migrate(client, { until: FOREIGN_KEYS });
    await seedValid(client);
    await seedOrphans(client);
    await migrate(client, { from: FOREIGN_KEYS });

    const tasks = await client.query(
      `SELECT "id", "campaignId", "templateId", "templateVersionId" FROM "Task" ORDER BY "id"`,
    );
    expect(tasks.rows).toEqual([
      { id: "t-kept", campaignId: "c1", templateId: "tpl1", templateVersionId: "tv1" },
      { id: "t-orphan", campaignId: null, templateId: null, templateVersionId: null },
    ]);
    const launches = await client.query(
      `SELECT "id", "previousTaskId", "campaignId", "repositorySetupId" FROM "Launch" ORDER BY "id"`,
    );
    expect(launches.rows).toEqual([
      { id: "l1", previousTaskId: "t-kept", campaignId: "c1", repositorySetupId: null },
      { id: "l2", previousTaskId: null, campaignId: null, repositorySetupId: null },
    ]);
    expect(
      await one(client, `SELECT "acknowledgedById", "resolvedById", "nextTaskId" FROM "TriageItem"`),
    ).toEqual({ acknowledgedById: "u1", resolvedById: null, nextTaskId: null });
    expect(await one(client, `SELECT "createdById" FROM "TemplateVersion"`)).toEqual({ createdById: null });
    expect(await one(client, `SELECT "approvedById" FROM "Campaign"`)).toEqual({ approvedById: null });

    // A rule without a live target stays (skipped until edited); one limited to a campaign that is
    // gone matched nothing and would match everything without its condition: deleted, and audited.
    const rules = await client.query(
      `SELECT "id", "campaignId", "targetUserId", "targetTeamId" FROM "RoutingRule" ORDER BY "position"`,
    );
    expect(rules.rows).toEqual([
      { id: "r-valid", campaignId: "c1", targetUserId: null, targetTeamId: "team1" },
      { id: "r-no-target", campaignId: null, targetUserId: null, targetTeamId: null },
    ]);
    expect(
      await one(
        client,
        `SELECT "action", "targetType", "targetId", "details"->>'name' AS name FROM "AuditEvent"`,
      ),
    ).toEqual({
      action: "routing_rule.delete",
      targetType: "routing_rule",
      targetId: "r-gone-campaign",
      name: "gone campaign",
    });

    // From here on the database refuses new dangling references.
    await expect(
      client.query(`UPDATE "Task" SET "campaignId" = 'nope' WHERE "id" = 't-kept'`),
    ).rejects.toThrow(/foreign key/);
    await expect(client.query(`UPDATE "TriageItem" SET "nextTaskId" = 'nope'`)).rejects.toThrow(
      /foreign key/,
    );
  });

  it("deleting a campaign keeps its tasks and launches (campaignId nulled) and its counters follow", async () => {
    const client = await emptyDatabase("campaign_delete");
    await migrate(client, {});
    await seedValid(client);
    await client.query(`DELETE FROM "RoutingRule" WHERE "campaignId" = 'c1'`);
    const counted = `SELECT coalesce(sum("count"), 0)::int AS n FROM "TaskCampaignCounter" WHERE "campaignId" = 'c1'`;
    expect(await one(client, counted)).toEqual({ n: 1 });

    await client.query(`DELETE FROM "Campaign" WHERE "id" = 'c1'`);

    expect((await client.query(`SELECT "id", "campaignId" FROM "Task"`)).rows).toEqual([
      { id: "t-kept", campaignId: null },
    ]);
    expect(await one(client, `SELECT "campaignId" FROM "Launch" WHERE "id" = 'l1'`)).toEqual({
      campaignId: null,
    });
    expect(await one(client, counted)).toEqual({ n: 0 });
  });

  it("refuses to delete a campaign, team or template a routing rule names", async () => {
    const client = await emptyDatabase("rule_restrict");
    await migrate(client, {});
    await seedValid(client);
    await expect(client.query(`DELETE FROM "Campaign" WHERE "id" = 'c1'`)).rejects.toThrow(/foreign key/);
    await expect(client.query(`DELETE FROM "Team" WHERE "id" = 'team1'`)).rejects.toThrow(/foreign key/);
    await expect(client.query(`DELETE FROM "Template" WHERE "id" = 'tpl1'`)).rejects.toThrow(/foreign key/);
    expect(await one(client, `SELECT count(*)::int AS n FROM "Campaign"`)).toEqual({ n: 1 });
  });
});

describe("migration: closed sets as enums", () => {
  it("converts each column in place and maps a value outside the set to its neutral value", async () => {
    const client = await emptyDatabase("enums");
    await migrate(client, { until: ENUMS });
    await seedValid(client);
    await client.query(`
      UPDATE "User" SET "accessVia" = 'collaborator', "accessRevokedReason" = 'bogus';
      INSERT INTO "UserSyncState" ("userId", "status", "updatedAt") VALUES ('u1', 'access_revoked', now());
      INSERT INTO "RepositorySyncState" ("repositoryId", "status", "updatedAt") VALUES (1, 'weird', now());
      INSERT INTO "RepositoryAccessState" ("userId", "updatedAt") VALUES ('u1', now());
      INSERT INTO "CampaignTarget" ("id", "campaignId", "owner", "name", "updatedAt") VALUES ('ct1', 'c1', 'acme', 'api', now());
      INSERT INTO "Launch" ("id", "userId", "githubLogin", "owner", "repo", "prompt", "kind", "campaignTargetId")
        VALUES ('l-campaign', 'u1', 'alice', 'acme', 'api', 'Go', 'campaign', 'ct1'),
               ('l-odd', 'u1', 'alice', 'acme', 'api', 'Go', 'odd', 'ct1');
      INSERT INTO "Notification" ("id", "userId", "kind", "title", "eventKey") VALUES ('n1', 'u1', 'escalated', 'Late', 'e1');
      INSERT INTO "WebhookDelivery" ("id", "targetType", "targetId", "eventKey", "body", "status")
        VALUES ('w1', 'team', 'team1', 'e1', '{}', 'delivered'), ('w2', 'channel', 'x', 'e1', '{}', 'pending');
      UPDATE "Template" SET "category" = 'upgrade', "origin" = 'starter';
    `);
    await migrate(client, { from: ENUMS });

    expect(await one(client, `SELECT "accessVia", "accessRevokedReason" FROM "User"`)).toEqual({
      accessVia: "collaborator",
      accessRevokedReason: null,
    });
    expect(await one(client, `SELECT "status" FROM "UserSyncState"`)).toEqual({ status: "access_revoked" });
    expect(await one(client, `SELECT "status" FROM "RepositorySyncState"`)).toEqual({ status: "error" });
    expect(await one(client, `SELECT "status" FROM "RepositoryAccessState"`)).toEqual({ status: "pending" });
    expect((await client.query(`SELECT "id", "kind" FROM "Launch" ORDER BY "id"`)).rows).toEqual([
      { id: "l-campaign", kind: "campaign" },
      { id: "l-odd", kind: "campaign" },
      { id: "l1", kind: "retry" },
    ]);
    expect(await one(client, `SELECT "kind" FROM "Notification"`)).toEqual({ kind: "escalated" });
    expect((await client.query(`SELECT "id", "targetType", "status" FROM "WebhookDelivery"`)).rows).toEqual([
      { id: "w1", targetType: "team", status: "delivered" },
    ]);
    expect(await one(client, `SELECT "category", "origin" FROM "Template"`)).toEqual({
      category: "upgrade",
      origin: "starter",
    });
    // The defaults survive the conversion, and the set is enforced.
    await client.query(
      `INSERT INTO "Launch" ("id", "userId", "githubLogin", "owner", "repo", "prompt") VALUES ('l3', 'u1', 'a', 'o', 'r', 'p')`,
    );
    expect(await one(client, `SELECT "kind" FROM "Launch" WHERE "id" = 'l3'`)).toEqual({ kind: "launch" });
    await expect(client.query(`UPDATE "Launch" SET "kind" = 'odd'`)).rejects.toThrow(
      /invalid input value for enum/,
    );
  });
});

describe("migration: the campaign dry run in a table of its own", () => {
  it("moves each campaign's dry-run state into CampaignDryRun, leaves untouched campaigns without a row, and drops the columns", async () => {
    const client = await emptyDatabase("dry_run_table");
    await migrate(client, { until: DRY_RUN_TABLE });
    await seedValid(client);
    await client.query(`
      INSERT INTO "Campaign" ("id", "name", "templateVersionId", "createdById", "updatedAt",
          "dryRunAt", "dryRunChecked", "dryRunTotal", "dryRunSkipped")
        VALUES ('c-done', 'Done', 'tv1', 'u1', now(), '2026-11-30 10:00:00', 4, 4,
          '[{"repository": "acme/old", "reason": "Archived"}]');
      INSERT INTO "Campaign" ("id", "name", "templateVersionId", "createdById", "updatedAt",
          "dryRunAt", "dryRunRequestedAt", "dryRunRequestedById", "dryRunChecked", "dryRunTotal")
        VALUES ('c-running', 'Running', 'tv1', 'u1', now(), '2026-11-29 09:00:00', '2026-11-30 11:00:00', 'u1', 3, 10);
      INSERT INTO "Campaign" ("id", "name", "templateVersionId", "createdById", "updatedAt", "dryRunError")
        VALUES ('c-failed', 'Failed', 'tv1', 'u1', now(), 'Your GitHub sign-in is no longer usable.');
    `);
    await migrate(client, { from: DRY_RUN_TABLE });

    const rows = await client.query(
      `SELECT "campaignId", "requestedAt", "requestedById", "checked", "total", "error", "completedAt", "skipped"
       FROM "CampaignDryRun" ORDER BY "campaignId"`,
    );
    expect(rows.rows).toEqual([
      {
        campaignId: "c-done",
        requestedAt: null,
        requestedById: null,
        checked: 4,
        total: 4,
        error: null,
        completedAt: new Date("2026-11-30T10:00:00"),
        skipped: [{ repository: "acme/old", reason: "Archived" }],
      },
      {
        campaignId: "c-failed",
        requestedAt: null,
        requestedById: null,
        checked: 0,
        total: null,
        error: "Your GitHub sign-in is no longer usable.",
        completedAt: null,
        skipped: [],
      },
      {
        campaignId: "c-running",
        requestedAt: new Date("2026-11-30T11:00:00"),
        requestedById: "u1",
        checked: 3,
        total: 10,
        error: null,
        completedAt: new Date("2026-11-29T09:00:00"),
        skipped: [],
      },
    ]);
    expect(
      await one(
        client,
        `SELECT count(*)::int AS n FROM information_schema.columns
         WHERE table_name = 'Campaign' AND column_name LIKE 'dryRun%'`,
      ),
    ).toEqual({ n: 0 });

    // A deleted campaign takes its dry run along, and the requester must be a real person.
    await client.query(`DELETE FROM "Campaign" WHERE "id" = 'c-done'`);
    expect(await one(client, `SELECT count(*)::int AS n FROM "CampaignDryRun"`)).toEqual({ n: 2 });
    await expect(
      client.query(`UPDATE "CampaignDryRun" SET "requestedById" = 'nope' WHERE "campaignId" = 'c-failed'`),
    ).rejects.toThrow(/foreign key/);
  });
});

/** Everything a schema decides, read from the catalog: columns, enums, constraints and indexes. */
async function catalog(client: pg.Client, skipIndexes: string[]): Promise<string[]> {
  const rows = await client.query<{ line: string }>(
    `SELECT 'column ' || table_name || '.' || column_name || ' ' || udt_name || ' null=' || is_nullable ||
        ' default=' || coalesce(column_default, '') AS line
       FROM information_schema.columns WHERE table_schema = 'public'
     UNION ALL
     SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname
     UNION ALL
     SELECT 'constraint ' || c.conrelid::regclass || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
     UNION ALL
     SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes
       WHERE schemaname = 'public' AND NOT (indexname = ANY($1::text[]))`,
    [skipIndexes],
  );
  return rows.rows
    .map((row) => row.line)
    .filter((line) => !line.includes("_prisma_migrations"))
    .sort();
}

describe("migrations and schema agree", () => {
  it("the migrations build exactly what prisma/schema.prisma declares (besides the objects prisma/sql/README.md lists)", async () => {
    const documented = [
      ...readFileSync(path.join(SQL_OBJECTS, "README.md"), "utf8").matchAll(/^\| `(\w+_idx)`/gm),
    ].map((match) => match[1]!);
    expect(documented.length).toBeGreaterThan(0);
    const migrated = await emptyDatabase("drift_migrated");
    await migrate(migrated, {});
    // The same database as Prisma would create it straight from the schema.
    const declared = await emptyDatabase("drift_declared");
    const script = spawnSync(
      "npx",
      [
        "prisma",
        "migrate",
        "diff",
        "--from-empty",
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--script",
      ],
      { encoding: "utf8" },
    );
    expect(script.status, script.stderr).toBe(0);
    await declared.query(script.stdout);
    await declared.query(readFileSync(path.join(SQL_OBJECTS, "task-counters.sql"), "utf8"));
    expect(await catalog(migrated, documented)).toEqual(await catalog(declared, documented));
  }, 120_000);
});

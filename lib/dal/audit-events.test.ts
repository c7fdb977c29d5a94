/**
 * The audit log's query against a real Postgres: each filter, keyset paging that returns every row
 * once in (at, id) order, and cursors or filters that are not valid. Other test files write audit
 * records at the same time, so every query here is narrowed to this file's action prefix.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { parseAuditFilters } from "@/lib/validations/audit-filters";
import {
  auditQuery,
  countAuditEvents,
  decodeAuditCursor,
  encodeAuditCursor,
  iterateAuditEvents,
  listAuditEvents,
  type AuditQuery,
} from "./audit-events";

const run = randomBytes(4).toString("hex");
const PREFIX = `t${run}.`;
const base = new Date("2026-03-10T12:00:00.000Z");
const minutes = (n: number) => new Date(base.getTime() + n * 60_000);
let person: { id: string; login: string };

beforeAll(async () => {
  const user = await db.user.create({ data: { login: `Audit-${run}` } });
  person = { id: user.id, login: user.login! };
  const rows = [
    { action: `${PREFIX}team.create`, at: minutes(0), targetType: "team", targetId: "t1" },
    { action: `${PREFIX}team.update`, at: minutes(5), targetType: "team", targetId: "t1" },
    {
      action: `${PREFIX}team.delete`,
      at: minutes(5),
      targetType: "team",
      targetId: "t2",
      outcome: "conflict",
    },
    { action: `${PREFIX}campaign.start`, at: minutes(5), targetType: "campaign", targetId: "c1" },
    { action: `${PREFIX}campaign.stop`, at: minutes(60), targetType: "campaign", targetId: "c1" },
    {
      action: `${PREFIX}campaign.stop`,
      at: minutes(24 * 60),
      targetType: "campaign",
      targetId: "c2",
      outcome: "forbidden",
    },
  ];
  for (const row of rows)
    await db.auditEvent.create({
      data: { actorId: person.id, actorLogin: person.login, outcome: "ok", details: { run }, ...row },
    });
  // The worker's records name it, with no person behind them.
  await db.auditEvent.create({
    data: {
      actorLogin: "switchyard",
      action: `${PREFIX}campaign.tick`,
      at: minutes(30),
      githubIdentity: person.login,
    },
  });
});

afterAll(async () => {
  await db.auditEvent.deleteMany({ where: { action: { startsWith: PREFIX } } });
  await db.user.delete({ where: { id: person.id } });
});

const mine: AuditQuery = { action: PREFIX };

async function all(query: AuditQuery) {
  const result = await listAuditEvents({ ...mine, ...query }, { limit: 500 });
  if (!result.ok) throw new Error(result.reason);
  return result.page.rows;
}

const actions = async (query: AuditQuery) => (await all(query)).map((row) => row.action.slice(PREFIX.length));

function query(params: Record<string, string>): AuditQuery {
  const parsed = parseAuditFilters(new URLSearchParams(params));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
  return auditQuery(parsed.filters);
}

describe("the audit log query", () => {
  it("lists newest first, ties broken by id, with who, as whom, what, target and outcome", async () => {
    const rows = await all({});
    expect(rows).toHaveLength(7);
    const keys = rows.map((row) => [row.at.getTime(), row.id] as const);
    const sorted = [...keys].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
    expect(keys).toEqual(sorted);
    expect(rows[0]).toMatchObject({
      action: `${PREFIX}campaign.stop`,
      actorLogin: person.login,
      targetType: "campaign",
      targetId: "c2",
      outcome: "forbidden",
      triageTaskId: null,
      details: { run },
    });
    expect(rows.find((row) => row.actorLogin === "switchyard")).toMatchObject({
      githubIdentity: person.login,
    });
  });

  it("filters by person (login in any case, or the worker's name), action prefix, target and outcome", async () => {
    expect(await actions({ actor: person.login.toLowerCase() })).toHaveLength(6);
    expect(await actions({ actor: "switchyard" })).toEqual(["campaign.tick"]);
    expect(await actions({ actor: "nobody-here" })).toEqual([]);
    expect(await actions({ action: `${PREFIX}team.` })).toEqual(
      expect.arrayContaining(["team.create", "team.update", "team.delete"]),
    );
    expect(await actions({ action: `${PREFIX}team.` })).toHaveLength(3);
    expect(await actions({ action: `${PREFIX}team.update` })).toEqual(["team.update"]);
    expect(await actions({ targetType: "campaign", targetId: "c1" })).toEqual([
      "campaign.stop",
      "campaign.start",
    ]);
    expect(await actions({ targetType: "team" })).toHaveLength(3);
    expect(await actions({ outcome: "failure" })).toEqual(["campaign.stop", "team.delete"]);
    expect(await actions({ outcome: "conflict" })).toEqual(["team.delete"]);
    expect(await actions({ outcome: "ok" })).toHaveLength(5);
  });

  it("filters by a time range in UTC: a date is the whole day, a time its whole minute", async () => {
    expect(await actions(query({ from: "2026-03-11" }))).toEqual(["campaign.stop"]);
    expect(await actions(query({ to: "2026-03-10" }))).toHaveLength(6);
    expect(await actions(query({ from: "2026-03-10T12:05", to: "2026-03-10T12:30" }))).toEqual(
      expect.arrayContaining(["team.update", "team.delete", "campaign.start", "campaign.tick"]),
    );
    expect(await actions(query({ from: "2026-03-10T12:05", to: "2026-03-10T12:30" }))).toHaveLength(4);
    expect(await actions(query({ to: "2026-03-10T12:04" }))).toEqual(["team.create"]);
  });

  it("pages through every row exactly once, in order, on (at, id)", async () => {
    const everything = (await all({})).map((row) => row.id);
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const result = await listAuditEvents(mine, { cursor, limit });
        if (!result.ok) throw new Error(result.reason);
        expect(result.page.rows.length).toBeLessThanOrEqual(limit);
        seen.push(...result.page.rows.map((row) => row.id));
        cursor = result.page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(everything);
    }
    const streamed: string[] = [];
    for await (const row of iterateAuditEvents(mine, 5)) streamed.push(row.id);
    expect(streamed).toEqual(everything.slice(0, 5));
    expect(await countAuditEvents(mine, 100)).toBe(7);
    expect(await countAuditEvents(mine, 3)).toBe(3);
  });

  it("refuses a cursor it did not write", async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const crafted = [
      "x",
      "%%%",
      encode("just a string"),
      encode({ at: "yesterday", id: "abc" }),
      encode({ at: "2026-03-10T12:00:00Z", id: "abc" }),
      encode({ at: base.toISOString(), id: '\'; DROP TABLE "AuditEvent"; --' }),
      encode({ at: base.toISOString() }),
    ];
    for (const cursor of crafted) {
      expect(decodeAuditCursor(cursor), cursor).toBeNull();
      expect(await listAuditEvents(mine, { cursor })).toEqual({ ok: false, reason: "bad_cursor" });
    }
    const good = encodeAuditCursor({ at: base, id: "abc" });
    expect(decodeAuditCursor(good)).toEqual({ at: base, id: "abc" });
  });
});

describe("the audit log's filters in the URL", () => {
  const errors = (params: string) => {
    const parsed = parseAuditFilters(new URLSearchParams(params));
    return parsed.ok ? null : Object.keys(parsed.fieldErrors).sort();
  };

  it("reads what the form sends, blank fields included", () => {
    expect(
      parseAuditFilters(
        new URLSearchParams(
          "actor=alice&action=campaign.&targetType=&targetId=&outcome=failure&from=2026-03-01&to=",
        ),
      ),
    ).toEqual({
      ok: true,
      filters: { actor: "alice", action: "campaign.", outcome: "failure", from: "2026-03-01" },
    });
  });

  it("refuses dates that are not dates, a reversed range, unknown outcomes and repeated filters", () => {
    expect(errors("from=yesterday")).toEqual(["from"]);
    expect(errors("from=2026-02-31")).toEqual(["from"]);
    expect(errors("to=2026-03-01T25:00")).toEqual(["to"]);
    expect(errors("from=2026-03-02&to=2026-03-01")).toEqual(["to"]);
    expect(errors("from=2026-03-01&to=2026-03-01")).toBeNull();
    expect(errors("outcome=maybe")).toEqual(["outcome"]);
    expect(errors("actor=a&actor=b")).toEqual(["actor"]);
    expect(errors("action=DROP TABLE")).toEqual(["action"]);
    expect(errors(`cursor=${"x".repeat(201)}`)).toEqual(["cursor"]);
  });
});

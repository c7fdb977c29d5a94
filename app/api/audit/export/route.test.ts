/**
 * The audit log's CSV export against a real Postgres: admins only, bad filters are a 400, the rows
 * follow the filters and are capped, formulas stay text, and every export is itself recorded.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { SignedInUser } from "@/lib/auth/session";

const session = vi.hoisted(() => ({ user: null as SignedInUser | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));

const { db } = await import("@/lib/db");
const { AUDIT_EXPORT_LIMIT } = await import("@/lib/dal/audit-events");
const { GET } = await import("./route");

const run = randomBytes(4).toString("hex");
const PREFIX = `x${run}.`;
let admin: SignedInUser;
let member: SignedInUser;

beforeAll(async () => {
  const [a, m] = await Promise.all(
    (["admin", "member"] as const).map((role) =>
      db.user.create({ data: { login: `export-${role}-${run}`, role } }),
    ),
  );
  admin = { id: a!.id, login: a!.login!, role: "admin" };
  member = { id: m!.id, login: m!.login!, role: "member" };
  await db.auditEvent.createMany({
    data: [
      {
        action: `${PREFIX}team.create`,
        actorLogin: "alice",
        targetType: "team",
        targetId: "t1",
        at: new Date("2026-03-01T10:00:00Z"),
      },
      {
        action: `${PREFIX}template.create`,
        actorLogin: "bob",
        targetType: "template",
        targetId: '=HYPERLINK("http://evil")',
        details: { name: 'a, "quoted" name' },
        at: new Date("2026-03-02T10:00:00Z"),
      },
    ],
  });
});

afterAll(async () => {
  await db.auditEvent.deleteMany({
    where: { OR: [{ action: { startsWith: PREFIX } }, { actorId: { in: [admin.id, member.id] } }] },
  });
  await db.user.deleteMany({ where: { id: { in: [admin.id, member.id] } } });
});

beforeEach(() => {
  session.user = admin;
});

const exportOf = (query: string) => GET(new Request(`http://localhost/api/audit/export?${query}`));
const exports = (actorId: string) =>
  db.auditEvent.findMany({ where: { action: "audit.export", actorId }, orderBy: { at: "asc" } });

describe("the audit log export", () => {
  it("is for admins: signed out is 401, a member 403 (and recorded)", async () => {
    session.user = null;
    expect((await exportOf("")).status).toBe(401);
    session.user = member;
    const refused = await exportOf(`action=${PREFIX}`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "forbidden" });
    expect(await exports(member.id)).toMatchObject([{ outcome: "forbidden" }]);
  });

  it("answers filters that are not valid with a 400 naming them, and exports nothing", async () => {
    for (const query of ["from=yesterday", "to=2026-02-30", "outcome=perhaps", "actor=a&actor=b"]) {
      const response = await exportOf(query);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { code: string; fieldErrors: Record<string, string[]> };
      expect(body.code).toBe("invalid_input");
      expect(Object.keys(body.fieldErrors)).toHaveLength(1);
    }
    expect(await exports(admin.id)).toEqual([]);
  });

  it("writes the filtered rows newest first, keeps formulas as text, and records the export", async () => {
    const response = await exportOf(`action=${PREFIX}&from=2026-03-01`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="switchyard-audit-\d{12}\.csv"$/,
    );
    const lines = (await response.text()).split("\r\n");
    expect(lines).toEqual([
      "at,actor,github_identity,action,target_type,target_id,outcome,details",
      `2026-03-02T10:00:00.000Z,bob,,${PREFIX}template.create,template,"'=HYPERLINK(""http://evil"")",ok,"{""name"":""a, \\""quoted\\"" name""}"`,
      `2026-03-01T10:00:00.000Z,alice,,${PREFIX}team.create,team,t1,ok,{}`,
      "",
    ]);
    const [record] = await exports(admin.id);
    expect(record).toMatchObject({
      outcome: "ok",
      targetType: "audit_log",
      details: { filters: `action=${encodeURIComponent(PREFIX)}&from=2026-03-01`, rows: 2, truncated: false },
    });
  });

  it(`stops at ${AUDIT_EXPORT_LIMIT.toLocaleString("en")} rows and says so`, async () => {
    const action = `${PREFIX}bulk`;
    await db.$executeRaw`
      INSERT INTO "AuditEvent" (id, action, "actorLogin", at, details, outcome)
      SELECT ${`${run}-`} || n, ${action}, 'bulk', now() - n * interval '1 millisecond', '{}', 'ok'
      FROM generate_series(1, ${AUDIT_EXPORT_LIMIT + 5}) AS n`;
    const response = await exportOf(`action=${action}`);
    expect(response.headers.get("x-switchyard-rows")).toBe(String(AUDIT_EXPORT_LIMIT));
    expect(response.headers.get("x-switchyard-truncated")).toBe("true");
    const text = await response.text();
    expect(text.split("\r\n").length - 2).toBe(AUDIT_EXPORT_LIMIT);
    const [record] = (await exports(admin.id)).slice(-1);
    expect(record!.details).toMatchObject({ rows: AUDIT_EXPORT_LIMIT, truncated: true });
  }, 120_000);
});

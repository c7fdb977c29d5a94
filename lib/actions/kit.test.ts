import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { SignedInUser } from "@/lib/auth/session";
import { session } from "@/test/signed-in-session";

vi.mock("@/lib/auth/session", () => import("@/test/signed-in-session"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { db } = await import("@/lib/db");
const { adminAction, isKitAction, userAction } = await import("./kit");
const { fail, ok } = await import("@/lib/result");

const tag = `kit${Date.now().toString(36)}`;
let member: SignedInUser;
let admin: SignedInUser;

beforeAll(async () => {
  const [m, a] = await Promise.all(
    ["member", "admin"].map((role) =>
      db.user.create({ data: { login: `${tag}-${role}`, role: role as "admin" | "member" } }),
    ),
  );
  member = { id: m!.id, login: m!.login!, role: "member" };
  admin = { id: a!.id, login: a!.login!, role: "admin" };
  // Audit writes of this one action fail, to show a change never outlives its audit record.
  await db.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION kit_test_refuse_audit() RETURNS trigger AS $$
    BEGIN
      IF NEW.action = '${tag}.audit_fails' THEN RAISE EXCEPTION 'audit refused'; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS kit_test_refuse_audit ON "AuditEvent"`);
  await db.$executeRawUnsafe(
    `CREATE TRIGGER kit_test_refuse_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION kit_test_refuse_audit()`,
  );
});

afterAll(async () => {
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS kit_test_refuse_audit ON "AuditEvent"`);
});

beforeEach(() => {
  session.user = member;
});

const viewSchema = z.object({ name: z.string().min(1).max(40) });

function saveView(name: string, then: "ok" | "refuse" = "ok") {
  return userAction({ name, input: viewSchema }, async (input, ctx) => {
    const view = await ctx.db.savedView.create({
      data: { name: `${tag}-${input.name}`, query: "", createdById: ctx.user.id },
    });
    ctx.audit({ targetType: "saved_view", targetId: view.id });
    return then === "ok" ? ok({ id: view.id }) : fail("conflict", "Refused after writing.");
  });
}

const audits = (action: string) => db.auditEvent.findMany({ where: { action } });
const views = (name: string) => db.savedView.count({ where: { name: `${tag}-${name}` } });

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

describe("action kit", () => {
  it("commits the change and its audit record together", async () => {
    const action = saveView(`${tag}.save`);
    expect(isKitAction(action)).toBe(true);
    const result = await action(null, form({ name: "one" }));
    expect(result.ok).toBe(true);
    expect(await views("one")).toBe(1);
    const [record] = await audits(`${tag}.save`);
    expect(record).toMatchObject({ actorId: member.id, outcome: "ok", targetType: "saved_view" });
  });

  it("answers bad input with a typed error, the form's values, and no change", async () => {
    const action = saveView(`${tag}.bad`);
    const result = await action(null, form({ name: "x".repeat(41) }));
    expect(result).toMatchObject({ ok: false, code: "invalid_input", values: { name: "x".repeat(41) } });
    expect(!result.ok && result.fieldErrors?.name?.length).toBeTruthy();
    expect(await audits(`${tag}.bad`)).toHaveLength(0);
    expect(await action(null, form({ name: "" }))).toMatchObject({ code: "invalid_input" });
    expect(await action({ name: 12 } as never)).toMatchObject({ code: "invalid_input" });
    // PostgreSQL text cannot hold NUL: refused at the door, not deep in a query.
    // (A form turns a lone surrogate into U+FFFD by itself; an object passes it through.)
    for (const payload of [form({ name: "a\u0000b" }), { name: "lone \ud800 surrogate" }])
      expect(await action(null, payload)).toMatchObject({
        code: "invalid_input",
        fieldErrors: { name: ["Remove the NUL or broken unicode character."] },
      });
  });

  it("rolls the change back when the handler refuses, and records the refusal", async () => {
    const result = await saveView(`${tag}.refuse`, "refuse")(null, form({ name: "two" }));
    expect(result).toMatchObject({ ok: false, code: "conflict" });
    expect(await views("two")).toBe(0);
    const records = await audits(`${tag}.refuse`);
    expect(records).toHaveLength(1);
    expect(records[0]!.outcome).toBe("conflict");
  });

  it("never keeps a change whose audit record could not be written", async () => {
    const result = await saveView(`${tag}.audit_fails`)(null, form({ name: "three" }));
    expect(result).toMatchObject({ ok: false, code: "unknown" });
    expect(await views("three")).toBe(0);
  });

  it("turns members away from admin actions and records the attempt", async () => {
    const action = adminAction({ name: `${tag}.admin`, input: z.object({}) }, async () => ok(null));
    expect(await action({})).toMatchObject({ ok: false, code: "forbidden" });
    expect((await audits(`${tag}.admin`))[0]).toMatchObject({ outcome: "forbidden", actorId: member.id });
    session.user = admin;
    expect(await action({})).toMatchObject({ ok: true });
  });

  it("lets actions that call GitHub write their change and record in one transaction of their own", async () => {
    const action = userAction(
      { name: `${tag}.github`, input: viewSchema, transaction: false, github: true },
      async (input, ctx) => {
        await ctx.transaction((tx) =>
          tx.savedView.create({
            data: { name: `${tag}-${input.name}`, query: "", createdById: ctx.user.id },
          }),
        );
        return ok(null);
      },
    );
    expect(await action({ name: "four" })).toMatchObject({ ok: true });
    expect(await views("four")).toBe(1);
    const records = await audits(`${tag}.github`);
    expect(records).toHaveLength(1);
    expect(records[0]!.githubIdentity).toBe(member.login);
  });
});

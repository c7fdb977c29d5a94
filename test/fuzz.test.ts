/**
 * Drives every server action and every JSON route with malformed input — wrong types, huge
 * strings, unicode, negative and huge numbers, bad ids, cursors and dates — as a member and as an
 * admin, and asserts what no input may do: throw, answer with a 5xx or an "unknown" failure (a
 * bug), or change any row when it fails. Runs in a database of its own, so the before/after
 * fingerprint of every table sees only what these calls did.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SignedInUser } from "@/lib/auth/session";
import { session } from "@/test/signed-in-session";
import { isolatedDatabase } from "@/test/isolated-database";
import { repositoryRoot, routeFiles, serverActionFiles } from "@/test/server-modules";

vi.mock("@/lib/auth/session", () => import("@/test/signed-in-session"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
vi.mock("@/lib/auth/config", () => ({
  readSession: vi.fn(),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: {},
}));

// The app's Prisma client must point at this file's own database before anything imports it.
process.env.DATABASE_URL = await isolatedDatabase("fuzz");
const { db } = await import("@/lib/db");
const { kitActionSpec } = await import("@/lib/actions/kit");
const { ERROR_CODES } = await import("@/lib/result");
const { NextRequest } = await import("next/server");

const NASTY_STRINGS = [
  "",
  "   ",
  "x".repeat(100_000),
  "💥".repeat(2_000),
  "\u0000\u0001\u001f",
  "\u202e\ud800 lone surrogate",
  "-1",
  "-99999999999999999999999",
  "1e309",
  "NaN",
  "0x1F",
  "../../etc/passwd",
  `'; DROP TABLE "User"; --`,
  "<script>alert(1)</script>",
  "{{#facts.topicList}}{{#facts.topicList}}{{/facts.topicList}}{{/facts.topicList}}",
  "+(+(*))Z",
  "2026-13-45T99:99:99Z",
  "eyJhdCI6Im5vdCBhIGRhdGUiLCJpZCI6Ing_In0",
  "clxxxxxxxxxxxxxxxxxxxxxxx",
  "team:does-not-exist",
  "https://127.0.0.1:22/",
];
const NASTY_VALUES: unknown[] = [
  -1,
  0,
  1e308,
  Number.NaN,
  -0,
  2 ** 63,
  true,
  null,
  [],
  [1, "a"],
  { a: { b: 1 } },
];

/** The top-level field names a schema reads (through pipes, unions, optionals and intersections). */
function fieldNames(schema: unknown, seen = new Set<unknown>()): string[] {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
  if (!def || seen.has(schema)) return [];
  seen.add(schema);
  const nested = (value: unknown) => fieldNames(value, seen);
  switch (def.type) {
    case "object":
      return Object.keys(def.shape as object);
    case "pipe":
      return [...nested(def.in), ...nested(def.out)];
    case "union":
      return (def.options as unknown[]).flatMap(nested);
    case "intersection":
      return [...nested(def.left), ...nested(def.right)];
    default:
      return def.innerType ? nested(def.innerType) : [];
  }
}

function payloadsFor(names: string[]): unknown[] {
  const fields = [...new Set([...names, "id", "ids", "cursor"])];
  const pick = <T>(list: readonly T[], i: number, j: number) => list[(i + j) % list.length]!;
  const form = (i: number, repeated: boolean) => {
    const data = new FormData();
    for (const [j, name] of fields.entries()) {
      data.append(name, pick(NASTY_STRINGS, i, j));
      // The same field twice: an array where one value is expected.
      if (repeated) data.append(name, pick(NASTY_STRINGS, i + 1, j));
    }
    return data;
  };
  return [
    undefined,
    null,
    42,
    "string",
    [],
    new FormData(),
    ...NASTY_STRINGS.map((_, i) => form(i, false)),
    ...[0, 5, 10].map((i) => form(i, true)),
    ...NASTY_VALUES.map((_, i) =>
      Object.fromEntries(fields.map((name, j) => [name, pick(NASTY_VALUES, i, j)])),
    ),
    ...NASTY_STRINGS.map((_, i) =>
      Object.fromEntries(fields.map((name, j) => [name, pick(NASTY_STRINGS, i, j)])),
    ),
  ];
}

/** Every public table's rows, hashed: what a failed call must leave exactly as it was. */
async function fingerprint(): Promise<string> {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT tablename::text AS name FROM pg_tables
    WHERE schemaname = 'public' AND tablename NOT IN ('AuditEvent', '_prisma_migrations')
    ORDER BY tablename`;
  const parts: string[] = [];
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ hash: string | null }[]>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS hash FROM "${name}" t`,
    );
    parts.push(`${name}:${row?.hash ?? "empty"}`);
  }
  return parts.join(",");
}

let member: SignedInUser;
let admin: SignedInUser;

beforeAll(async () => {
  const created = await Promise.all(
    (["member", "admin"] as const).map((role) =>
      db.user.create({
        data: { login: `fuzz-${role}`, githubId: role === "admin" ? 990_001 : 990_002, role },
      }),
    ),
  );
  member = { id: created[0]!.id, login: "fuzz-member", role: "member" };
  admin = { id: created[1]!.id, login: "fuzz-admin", role: "admin" };
});

afterAll(async () => {
  await db.$disconnect();
});

function expectTyped(result: unknown, label: string) {
  expect(result, label).toBeTypeOf("object");
  const typed = result as { ok?: unknown; code?: unknown; message?: unknown };
  expect(typeof typed.ok, label).toBe("boolean");
  if (typed.ok === false) {
    expect(ERROR_CODES, `${label}: code ${String(typed.code)}`).toContain(typed.code);
    expect(
      typed.code,
      `${label}: "unknown" is a bug answering bad input (${String(typed.message)})`,
    ).not.toBe("unknown");
  }
}

describe("server actions with malformed input", () => {
  const files = serverActionFiles();
  it.each(files)("%s: typed failures, nothing changed", { timeout: 300_000 }, async (file) => {
    const actions = (await import(path.join(repositoryRoot, file))) as Record<string, unknown>;
    for (const [name, action] of Object.entries(actions)) {
      const spec = kitActionSpec(action);
      expect(spec, `${file}#${name} is a kit action`).toBeDefined();
      const call = action as (...args: unknown[]) => Promise<unknown>;
      for (const user of spec!.role === "admin" ? [member, admin] : [member]) {
        session.user = user;
        let before = await fingerprint();
        for (const [i, payload] of payloadsFor(fieldNames(spec!.input)).entries()) {
          const label = `${file}#${name} as ${user.role}, payload ${i}`;
          let result: unknown;
          try {
            result = await call(null, payload);
          } catch (error) {
            // Navigation (sign-in's redirect to GitHub) is control flow, not a failure.
            if (spec!.role === "public" && String(error).includes("NEXT_REDIRECT")) continue;
            throw new Error(`${label} threw: ${error instanceof Error ? error.message : String(error)}`);
          }
          const after = await fingerprint();
          if (spec!.role !== "public") {
            expectTyped(result, label);
            if ((result as { ok: boolean }).ok === false) expect(after, `${label} changed rows`).toBe(before);
          }
          before = after;
        }
      }
    }
  });
});

const ROUTE_PARAMS = [
  "cursor",
  "from",
  "to",
  "state",
  "repo",
  "owner",
  "q",
  "sort",
  "ids",
  "id",
  "view",
  "per_page",
  "limit",
  "campaign",
  "template",
  "person",
  "action",
  "target",
  "outcome",
];

describe("JSON routes with malformed input", () => {
  const files = routeFiles().filter((file) => !file.includes("[...nextauth]"));
  it.each(files)("%s: 4xx, never 5xx", { timeout: 300_000 }, async (file) => {
    const route = (await import(path.join(repositoryRoot, file))) as Record<string, unknown>;
    const params = [...file.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1]!);
    for (const user of [member, admin]) {
      session.user = user;
      for (const [i, value] of NASTY_STRINGS.entries()) {
        const url = new URL(`http://localhost/${path.dirname(file).replace(/^app\//, "")}`);
        for (const [j, name] of ROUTE_PARAMS.entries())
          url.searchParams.append(name, NASTY_STRINGS[(i + j) % NASTY_STRINGS.length]!.slice(0, 4000));
        const context = {
          params: Promise.resolve(Object.fromEntries(params.map((name) => [name, value.slice(0, 4000)]))),
        };
        for (const method of ["GET", "POST"] as const) {
          const handler = route[method] as
            ((request: Request, context: unknown) => Promise<Response>) | undefined;
          if (!handler) continue;
          const body = new FormData();
          body.append("ids", value.slice(0, 4000));
          const request = new NextRequest(url, method === "POST" ? { method, body } : { method });
          const response = await handler(request, context);
          expect(
            response.status,
            `${method} ${file} as ${user.role} with ${JSON.stringify(value.slice(0, 40))}`,
          ).toBeLessThan(500);
          await response.body?.cancel();
        }
      }
    }
  });
});

/**
 * Every server action is declared with the action kit: each file under app/ and lib/ that starts with
 * "use server" is imported, and every one of its exports must be a kit action (session, input schema,
 * closed result, audit record). A bare `export async function` fails here.
 */
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { repositoryRoot as root, serverActionFiles, startsWithUseServer } from "@/test/server-modules";

vi.mock("@/lib/auth/session", () => ({
  requireUser: async () => {
    throw new Error("NEXT_REDIRECT /sign-in");
  },
  requireAdmin: async () => {
    throw new Error("NEXT_REDIRECT /sign-in");
  },
  currentUser: async () => null,
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
// Auth.js itself is not started here: sign-in and sign-out only need to be importable.
vi.mock("@/lib/auth/config", () => ({
  readSession: vi.fn(),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: {},
}));

const { isKitAction } = await import("./kit");

/** The exports of a module that are not kit actions. */
function bareExports(exports: Record<string, unknown>): string[] {
  return Object.entries(exports)
    .filter(([, value]) => !isKitAction(value))
    .map(([name]) => name);
}

const files = serverActionFiles();

describe("server actions", () => {
  it("finds the action files where they live: beside their routes", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "app/(portal)/actions.ts",
        "app/(portal)/campaigns/actions.ts",
        "app/(portal)/launch/actions.ts",
        "app/(portal)/launch/new-repository/actions.ts",
        "app/(portal)/notifications/actions.ts",
        "app/(portal)/tasks/actions.ts",
        "app/(portal)/templates/actions.ts",
        "app/(portal)/triage/actions.ts",
        "app/sign-in/actions.ts",
      ]),
    );
    // Logic lives in lib/, actions beside their routes.
    expect(files.filter((file) => file.startsWith("lib/"))).toEqual([]);
  });

  it.each(files)("%s exports only kit actions", async (file) => {
    const exports = (await import(path.join(root, file))) as Record<string, unknown>;
    expect(Object.keys(exports).length).toBeGreaterThan(0);
    expect(bareExports(exports)).toEqual([]);
  });

  it("would catch a bare action, and a directive after comments", () => {
    expect(bareExports({ saveThing: async () => ({ ok: true }) })).toEqual(["saveThing"]);
    expect(startsWithUseServer('/** Doc. */\n// more\n"use server";\nexport async function x() {}')).toBe(
      true,
    );
    expect(startsWithUseServer('import "server-only";\n"use server";')).toBe(false);
  });
});

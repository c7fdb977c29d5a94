/**
 * A person's chosen time zone: saved per person, and the task queue's date filters count their
 * calendar days in it (a task made at 20:00 UTC on 30 Nov is on 1 Dec in Kolkata).
 */
import { beforeAll, describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => {
  const { isolatedDatabase } = await import("@/test/isolated-database");
  process.env.DATABASE_URL = await isolatedDatabase("preferences");
});

import { db } from "@/lib/db";
import { parseTaskFilters } from "@/lib/validations/task-filters";
import { preferencesSchema } from "@/lib/validations/preferences";
import type { Viewer } from "@/lib/visibility/scope";
import { getPreferences, savePreferences, viewerTimeZone } from "./preferences";
import { listTasks } from "./tasks";

let viewer: Viewer;

beforeAll(async () => {
  const user = await db.user.create({ data: { login: "zoned", githubId: 870_001, role: "admin" } });
  viewer = { id: user.id, role: "admin" };
  await db.repository.create({ data: { id: 8701n, owner: "acme", name: "zones" } });
  const at = new Date("2026-11-30T20:00:00Z");
  await db.task.create({
    data: { id: "zone-task", repositoryId: 8701n, state: "completed", createdAt: at, githubUpdatedAt: at },
  });
});

const createdOn = async (day: string) => {
  const parsed = parseTaskFilters(new URLSearchParams(`createdFrom=${day}&createdTo=${day}`));
  if (!parsed.ok) throw new Error("bad filters");
  return (await listTasks({ filters: parsed.filters, viewer })).rows.map((row) => row.id);
};

describe("time zone preference", () => {
  it("accepts IANA zones or empty (the browser's), and nothing else", () => {
    expect(preferencesSchema.parse({ timeZone: "Asia/Kolkata" })).toEqual({ timeZone: "Asia/Kolkata" });
    expect(preferencesSchema.parse({ timeZone: "" })).toEqual({ timeZone: null });
    for (const bad of ["Mars/Olympus", "'; DROP TABLE", "Europe/Paris\u0000", "x".repeat(80)])
      expect(preferencesSchema.safeParse({ timeZone: bad }).success).toBe(false);
  });

  it("counts the queue's days in the viewer's zone", async () => {
    expect(await viewerTimeZone(viewer.id)).toBe("UTC");
    expect(await createdOn("2026-11-30")).toEqual(["zone-task"]);
    expect(await createdOn("2026-12-01")).toEqual([]);
    await db.$transaction((tx) => savePreferences(tx, viewer.id, { timeZone: "Asia/Kolkata" }));
    // getPreferences is cached per request; a test has no request, so it reads again.
    expect((await getPreferences(viewer.id)).timeZone).toBe("Asia/Kolkata");
    expect(await createdOn("2026-11-30")).toEqual([]);
    expect(await createdOn("2026-12-01")).toEqual(["zone-task"]);
    await db.$transaction((tx) => savePreferences(tx, viewer.id, { timeZone: null }));
    expect(await viewerTimeZone(viewer.id)).toBe("UTC");
  });
});

/**
 * The incremental listing against an in-memory GitHub list: a walk held to `maxPages` stops where it
 * was told, never lets the next probe answer 304 for what it left unread, and the cycles after it
 * read every change exactly from where it stopped. An archived task that changes while the active
 * list stands still is read within a cycle, and unchanged lists cost nothing.
 */
import { describe, expect, it } from "vitest";
import type { Conditional } from "@/lib/github";
import {
  listActiveAndArchived,
  listIncrementally,
  PER_PAGE,
  type ListPage,
  type ListingState,
  type PageRequest,
} from "./listing";
import type { ListedTask } from "./mapping";

type FakeTask = { id: string; updated_at: string; state?: string; archived_at?: string | null };

/**
 * GitHub's list by updated_at (since inclusive), active or archived, with the archived count of the
 * window, and an ETag of the whole body as GitHub's; `counted` leaves out the 304s.
 */
function fakeGitHub(tasks: FakeTask[]) {
  let requests = 0;
  let counted = 0;
  const fetchPage = async (request: PageRequest): Promise<Conditional<ListPage>> => {
    requests++;
    const since = request.since ? Date.parse(request.since) : -Infinity;
    const inWindow = tasks.filter((task) => Date.parse(task.updated_at) >= since);
    const matching = inWindow
      .filter((task) => !!task.archived_at === request.archived)
      .sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id.localeCompare(b.id));
    if (request.direction === "desc") matching.reverse();
    const page = matching.slice((request.page - 1) * PER_PAGE, request.page * PER_PAGE);
    const data = {
      tasks: page.map((task) => ({ ...task })) as unknown as ListedTask[],
      total_archived_count: inWindow.filter((task) => task.archived_at).length,
    };
    const etag = `W/"${JSON.stringify(data)}"`;
    if (request.etag === etag) return { notModified: true, etag } as Conditional<ListPage>;
    counted++;
    return { notModified: false, etag, data } as Conditional<ListPage>;
  };
  return { fetchPage, requests: () => requests, counted: () => counted };
}

const at = (base: number, seconds: number) => new Date(base + seconds * 1000).toISOString();

describe("incremental listing held to a page budget", () => {
  it("stops at maxPages, then goes on from the watermark until every change is read", async () => {
    const base = Date.UTC(2026, 11, 1, 10, 0, 0);
    // 350 changes, one a second, after a watermark an hour before them.
    const tasks = Array.from({ length: 350 }, (_, i) => ({ id: `t${i}`, updated_at: at(base, 3600 + i) }));
    const github = fakeGitHub(tasks);
    let state: ListingState = { watermark: new Date(base), etag: null, etagSince: null };
    const seen = new Set<string>();
    const cycle = async () => {
      const result = await listIncrementally({
        state,
        archived: false,
        overlapSeconds: 60,
        fetchPage: github.fetchPage,
        onPage: async (page) => page.forEach((task) => seen.add(task.id)),
        maxPages: 1,
      });
      state = { watermark: result.watermark, etag: result.etag, etagSince: result.etagSince };
      return result;
    };

    const first = await cycle();
    expect(first.truncated).toBe(true);
    expect(first.requests).toBe(2); // the probe and one page
    expect(first.etag).toBeNull(); // so the next probe cannot be a 304 over the unread rest
    expect(seen.size).toBe(PER_PAGE);

    let cycles = 1;
    while (seen.size < tasks.length && cycles < 20) {
      await cycle();
      cycles++;
    }
    expect(seen.size).toBe(350);
    expect(state.watermark?.toISOString()).toBe(tasks.at(-1)!.updated_at);
    // Each later cycle re-reads only the overlap (a minute) before its watermark, so it takes a few.
    expect(cycles).toBeLessThanOrEqual(6);

    // Caught up: the walk is whole again and an unchanged list costs a free 304.
    const caughtUp = await cycle();
    expect(caughtUp.truncated).toBe(false);
    const idle = await cycle();
    expect(idle.notModified).toBe(true);
  });

  it("without maxPages reads the whole window in one cycle", async () => {
    const base = Date.UTC(2026, 11, 1, 10, 0, 0);
    const tasks = Array.from({ length: 350 }, (_, i) => ({ id: `t${i}`, updated_at: at(base, 3600 + i) }));
    const github = fakeGitHub(tasks);
    const seen = new Set<string>();
    const result = await listIncrementally({
      state: { watermark: new Date(base), etag: null, etagSince: null },
      archived: false,
      overlapSeconds: 60,
      fetchPage: github.fetchPage,
      onPage: async (page) => page.forEach((task) => seen.add(task.id)),
    });
    expect(result.truncated).toBe(false);
    expect(seen.size).toBe(350);
    expect(result.requests).toBe(1 + 4); // the probe, then 100 + 100 + 100 + 50
  });
});

describe("archived tasks", () => {
  it("reads a change to an archived task while the active list stands still, and idle lists cost nothing", async () => {
    const base = Date.UTC(2026, 11, 1, 10, 0, 0);
    const active = { id: "active", updated_at: at(base, 0), state: "completed", archived_at: null };
    const moving: FakeTask = {
      id: "moving",
      updated_at: at(base, 10),
      state: "in_progress",
      archived_at: null,
    };
    const github = fakeGitHub([active, moving]);
    const stored = new Map<string, FakeTask>();
    let state: ListingState = { watermark: null, etag: null, etagSince: null };
    let archivedState: ListingState = { watermark: null, etag: null, etagSince: null };
    const cycle = async () => {
      const { active: result, archived } = await listActiveAndArchived({
        state,
        archivedState,
        overlapSeconds: 60,
        fetchPage: github.fetchPage,
        store: async (tasks) =>
          tasks.forEach((task) => stored.set(task.id, { ...(task as unknown as FakeTask) })),
        saveWatermark: async () => {},
      });
      state = { watermark: result.watermark, etag: result.etag, etagSince: result.etagSince };
      if (archived)
        archivedState = { watermark: archived.watermark, etag: archived.etag, etagSince: archived.etagSince };
    };

    await cycle();
    expect(stored.get("moving")?.state).toBe("in_progress");
    // Archived mid-flight, minutes later: its updated_at moves, so the active probe reports it.
    Object.assign(moving, { updated_at: at(base, 300), archived_at: at(base, 300) });
    await cycle();
    expect(stored.get("moving")?.archived_at).toBeTruthy();
    for (let i = 0; i < 3; i++) await cycle(); // settles both probes' URLs
    const settled = github.counted();
    await cycle();
    expect(github.counted()).toBe(settled);

    // It times out while archived: the active list does not change (the archived count in its
    // window neither), so only the archived probe can see it.
    Object.assign(moving, { updated_at: at(base, 900), state: "timed_out" });
    await cycle();
    expect(stored.get("moving")).toMatchObject({ state: "timed_out", updated_at: at(base, 900) });

    // Unchanged lists again: after one cycle settling the archived probe's new URL, nothing counted.
    await cycle();
    const idle = github.counted();
    const requests = github.requests();
    for (let i = 0; i < 5; i++) await cycle();
    expect(github.counted()).toBe(idle);
    expect(github.requests() - requests).toBe(10); // both probes, each a free 304
  });
});

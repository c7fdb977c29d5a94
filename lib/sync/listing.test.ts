/**
 * The incremental listing against an in-memory GitHub list: a walk held to `maxPages` stops where it
 * was told, never lets the next probe answer 304 for what it left unread, and the cycles after it
 * read every change exactly from where it stopped.
 */
import { describe, expect, it } from "vitest";
import type { Conditional } from "@/lib/github";
import { listIncrementally, PER_PAGE, type ListPage, type ListingState, type PageRequest } from "./listing";
import type { ListedTask } from "./mapping";

/** GitHub's list by updated_at (since inclusive), with a weak ETag of what page 1 holds. */
function fakeGitHub(tasks: { id: string; updated_at: string }[]) {
  let requests = 0;
  const fetchPage = async (request: PageRequest): Promise<Conditional<ListPage>> => {
    requests++;
    const since = request.since ? Date.parse(request.since) : -Infinity;
    const matching = tasks
      .filter((task) => Date.parse(task.updated_at) >= since)
      .sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id.localeCompare(b.id));
    if (request.direction === "desc") matching.reverse();
    const page = matching.slice((request.page - 1) * PER_PAGE, request.page * PER_PAGE);
    const etag = `W/"${page.map((task) => `${task.id}@${task.updated_at}`).join(",")}"`;
    if (request.etag === etag) return { notModified: true, etag } as Conditional<ListPage>;
    return {
      notModified: false,
      etag,
      data: { tasks: page as unknown as ListedTask[], total_archived_count: 0 },
    } as Conditional<ListPage>;
  };
  return { fetchPage, requests: () => requests };
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

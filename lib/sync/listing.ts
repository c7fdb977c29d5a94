/**
 * Incremental listing of tasks ordered by updated_at, shared by the per-person and per-repository
 * syncs.
 *
 * - A cheap **probe** first: newest-first page 1 since the watermark (minus an overlap, floored to
 *   the minute so the URL stays the same between small changes) with If-None-Match. Any change puts
 *   a task at the top of that page, so an unchanged list is a 304, which GitHub does not count.
 * - When the probe changed and was full, a **keyset walk** oldest-first: each request asks for the
 *   oldest page with `since` = the newest updated_at already stored. Positions never matter, so
 *   tasks that change or get archived mid-walk cannot make it skip anything.
 * - `onPage` commits each page before the walk moves on; the watermark it returns only covers
 *   committed data, so a crash resumes from the last page written.
 */
import type { Conditional } from "@/lib/github";
import type { ListedTask } from "./mapping";

export const PER_PAGE = 100;

export type ListPage = { tasks: ListedTask[]; total_archived_count?: number };

export type PageRequest = {
  since: string | undefined;
  direction: "asc" | "desc";
  page: number;
  archived: boolean;
  etag: string | undefined;
};

export type ListingState = {
  watermark: Date | null;
  etag: string | null;
  etagSince: Date | null;
};

export type ListingResult = {
  notModified: boolean;
  /** New watermark (only moves forward). */
  watermark: Date | null;
  etag: string | null;
  etagSince: Date | null;
  requests: number;
  tasksSeen: number;
  /** Archived tasks updated inside the window (from the probe's total_archived_count). */
  archivedInWindow: number;
  /** The walk stopped at `maxPages` with more to read: the next cycle goes on from the watermark. */
  truncated: boolean;
};

/** The query every listing request shares: by updated_at, one page of PER_PAGE, conditional. */
export function listQuery(request: PageRequest) {
  return {
    sort: "updated_at" as const,
    direction: request.direction,
    since: request.since,
    per_page: PER_PAGE,
    page: request.page,
    is_archived: request.archived,
    etag: request.etag,
  };
}

/** `since` for a watermark: minus the overlap, floored to the minute. */
export function sinceFor(watermark: Date | null, overlapSeconds: number): Date | null {
  if (!watermark) return null;
  const time = watermark.getTime() - overlapSeconds * 1000;
  return new Date(Math.floor(time / 60_000) * 60_000);
}

export async function listIncrementally(options: {
  state: ListingState;
  archived: boolean;
  overlapSeconds: number;
  fetchPage: (request: PageRequest) => Promise<Conditional<ListPage>>;
  onPage: (tasks: ListedTask[], watermark: Date) => Promise<void>;
  /** At most this many pages after the probe (a person's budget); the rest waits for a next cycle. */
  maxPages?: number;
  /**
   * Runs after a changed probe, before anything is committed: the archived pass goes here, so a
   * crash mid-walk cannot move the watermark past archived tasks not yet stored.
   */
  afterProbe?: (archivedInWindow: number) => Promise<void>;
}): Promise<ListingResult> {
  const { state, archived, fetchPage, onPage } = options;
  const since = sinceFor(state.watermark, options.overlapSeconds);
  const sameUrl = since?.getTime() === state.etagSince?.getTime() || (!since && !state.etagSince);
  let requests = 1;
  const probe = await fetchPage({
    since: since?.toISOString(),
    direction: "desc",
    page: 1,
    archived,
    etag: sameUrl ? (state.etag ?? undefined) : undefined,
  });
  if (probe.notModified) {
    return {
      notModified: true,
      watermark: state.watermark,
      etag: probe.etag,
      etagSince: since,
      requests,
      tasksSeen: 0,
      archivedInWindow: 0,
      truncated: false,
    };
  }

  await options.afterProbe?.(probe.data.total_archived_count ?? 0);
  let watermark = state.watermark;
  const advance = (tasks: ListedTask[]) => {
    for (const task of tasks) {
      const updated = new Date(task.updated_at ?? task.created_at);
      if (!watermark || updated > watermark) watermark = updated;
    }
  };
  let tasksSeen = probe.data.tasks.length;
  let truncated = false;

  if (probe.data.tasks.length < PER_PAGE) {
    // The probe holds the whole window.
    const before = watermark;
    advance(probe.data.tasks);
    await onPage(probe.data.tasks, watermark ?? before ?? new Date(0));
  } else {
    let cursor = since?.toISOString();
    let page = 1;
    // Pages that reach past the stored watermark; re-reading the overlap does not count, or a
    // minute of 100+ changes would hold a budgeted walk in place for ever.
    let newPages = 0;
    for (;;) {
      // Pages are committed in order, so stopping here loses nothing: the watermark covers them.
      if (newPages >= (options.maxPages ?? Number.POSITIVE_INFINITY)) {
        truncated = true;
        break;
      }
      const response = await fetchPage({ since: cursor, direction: "asc", page, archived, etag: undefined });
      requests++;
      if (response.notModified) break; // cannot happen without an etag; keeps the types honest
      const tasks = response.data.tasks;
      tasksSeen += tasks.length;
      const last = tasks.at(-1);
      if (!state.watermark || (last && new Date(last.updated_at ?? last.created_at) > state.watermark))
        newPages++;
      advance(tasks);
      if (tasks.length > 0) await onPage(tasks, watermark!);
      if (tasks.length < PER_PAGE || !last) break;
      const lastUpdated = new Date(last.updated_at ?? last.created_at).toISOString();
      // A full page of one timestamp: page through that instant instead of re-asking for it.
      if (lastUpdated === cursor) page++;
      else {
        cursor = lastUpdated;
        page = 1;
      }
    }
  }

  return {
    notModified: false,
    watermark,
    // A walk cut short must not let the next probe answer 304: what is left is not in the probe.
    etag: truncated ? null : (probe.etag ?? null),
    etagSince: since,
    requests,
    tasksSeen,
    archivedInWindow: probe.data.total_archived_count ?? 0,
    truncated,
  };
}

/**
 * The active list, and the archived one when the active probe says archived tasks changed in the
 * window: the archived pass runs inside the probe's `afterProbe`, so it is stored before the
 * active pass commits (and moves the watermark past it). The archived pass stores its tasks but
 * never moves the active watermark.
 *
 * With `archivedState` (the archived list's own watermark and ETag), an active probe answering 304
 * also probes the archived list: a 304 says nothing about archived tasks, and one archived mid-flight
 * still changes (it times out, say). Its `since` follows only the archived watermark, so its URL
 * stays the same while the archived list stands still and the probe is a free 304.
 */
export async function listActiveAndArchived(options: {
  state: ListingState;
  /** The archived list's own state; without it (null etag) it is read afresh from `state`'s watermark. */
  archivedState?: ListingState;
  overlapSeconds: number;
  fetchPage: (request: PageRequest) => Promise<Conditional<ListPage>>;
  store: (tasks: ListedTask[]) => Promise<void>;
  saveWatermark: (watermark: Date) => Promise<unknown>;
  /** Pages after the probe, for the active walk (the archived one, rare and small, is not held). */
  maxPages?: number;
}): Promise<{ active: ListingResult; archived: ListingResult | undefined }> {
  const { state, overlapSeconds, fetchPage, store } = options;
  const listArchived = () =>
    listIncrementally({
      state: options.archivedState ?? { watermark: state.watermark, etag: null, etagSince: null },
      archived: true,
      overlapSeconds,
      fetchPage,
      onPage: (tasks) => store(tasks),
    });
  let archived: ListingResult | undefined;
  const active = await listIncrementally({
    state,
    archived: false,
    overlapSeconds,
    fetchPage,
    maxPages: options.maxPages,
    afterProbe: async (archivedInWindow) => {
      if (archivedInWindow > 0) archived = await listArchived();
    },
    onPage: async (tasks, watermark) => {
      await store(tasks);
      await options.saveWatermark(watermark);
    },
  });
  if (active.notModified && options.archivedState) archived = await listArchived();
  return { active, archived };
}

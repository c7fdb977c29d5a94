/**
 * Figures many people ask for on every page view (the dashboard's summary, its money panel):
 * computed at most once per `freshMs` for the same key, whoever asks, with concurrent requests
 * sharing one computation. When one is due again, the requests that arrive while its successor is
 * computed get the last one instead of all waiting (so it is at most `freshMs` plus one
 * computation old); after `staleMs` without requests, the first one waits for a fresh one. A
 * failure is never shared. Keys must name everything the figures depend on (who may see what).
 */
type Entry<T> = {
  startedAt: number;
  value: Promise<T>;
  /** The value once computed: what requests get while its successor is being computed. */
  ready: T | null;
  /** The successor being computed, if any (one at a time). */
  next: Promise<T> | null;
};

export function sharedComputation<T>({
  freshMs,
  staleMs,
  maxEntries = 1000,
}: {
  freshMs: number;
  staleMs: number;
  maxEntries?: number;
}) {
  const entries = new Map<string, Entry<T>>();

  function start(key: string, compute: () => Promise<T>): Entry<T> {
    const entry: Entry<T> = { startedAt: Date.now(), value: compute(), ready: null, next: null };
    entries.set(key, entry);
    entry.value.then(
      (value) => (entry.ready = value),
      () => entries.get(key) === entry && entries.delete(key),
    );
    return entry;
  }

  return function get(key: string, compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const cached = entries.get(key);
    if (cached && now - cached.startedAt < freshMs) return cached.value;
    if (cached?.ready && now - cached.startedAt < staleMs) {
      if (!cached.next) {
        const successor = start(key, compute);
        cached.next = successor.value;
        // Until the successor is ready, the map keeps serving this one.
        entries.set(key, cached);
        successor.value.then(
          () => entries.set(key, successor),
          () => (cached.next = null),
        );
      }
      return Promise.resolve(cached.ready);
    }
    if (entries.size > maxEntries) {
      for (const [entryKey, entry] of entries) if (now - entry.startedAt >= staleMs) entries.delete(entryKey);
    }
    return start(key, compute).value;
  };
}

export interface RouteCounter {
  total: number;
  byStatus: Record<string, number>;
  /** Requests that consumed primary rate-limit quota. */
  counted: number;
  /** Requests that did not (304s, /rate_limit, anonymous control/web paths, limited requests). */
  notCounted: number;
}

/** Request counters by route template, e.g. `GET /repos/{owner}/{repo}`. */
export class Counters {
  private routes = new Map<string, RouteCounter>();
  private faults = 0;
  /** Counted requests by rate-limit key (`user:<id>`, `ip:<address>`): what each person spent. */
  private countedByKey = new Map<string, number>();
  /** The same, by route: what each person spent it on. */
  private countedByKeyRoute = new Map<string, Map<string, number>>();

  record(route: string, status: number, counted: boolean): void {
    const counter = this.routes.get(route) ?? { total: 0, byStatus: {}, counted: 0, notCounted: 0 };
    counter.total++;
    counter.byStatus[String(status)] = (counter.byStatus[String(status)] ?? 0) + 1;
    if (counted) counter.counted++;
    else counter.notCounted++;
    this.routes.set(route, counter);
  }

  recordCounted(key: string, route: string): void {
    this.countedByKey.set(key, (this.countedByKey.get(key) ?? 0) + 1);
    const routes = this.countedByKeyRoute.get(key) ?? new Map<string, number>();
    routes.set(route, (routes.get(route) ?? 0) + 1);
    this.countedByKeyRoute.set(key, routes);
  }

  recordFault(): void {
    this.faults++;
  }

  snapshot() {
    const routes = Object.fromEntries([...this.routes.entries()].sort(([a], [b]) => a.localeCompare(b)));
    const totals = { total: 0, counted: 0, notCounted: 0, byStatus: {} as Record<string, number> };
    for (const counter of this.routes.values()) {
      totals.total += counter.total;
      totals.counted += counter.counted;
      totals.notCounted += counter.notCounted;
      for (const [status, n] of Object.entries(counter.byStatus))
        totals.byStatus[status] = (totals.byStatus[status] ?? 0) + n;
    }
    return {
      routes,
      totals,
      faultsInjected: this.faults,
      countedByKey: Object.fromEntries(this.countedByKey),
      countedByKeyRoute: Object.fromEntries(
        [...this.countedByKeyRoute].map(([key, routes]) => [key, Object.fromEntries(routes)]),
      ),
    };
  }

  reset(): void {
    this.routes.clear();
    this.countedByKey.clear();
    this.countedByKeyRoute.clear();
    this.faults = 0;
  }
}

/** The scratch Postgres bench:dashboard seeds and bench:costs reads (`.data/pg-bench-dashboard`). */
import { resolveDatabase } from "../../scripts/lib/database";

/** The database the tasks are in, on that server. */
export const DASHBOARD_DATABASE = "switchyard_bench_dashboard";

/** Starts it (or uses DATABASE_URL's server); BENCH_DATABASE_PORT (54369) moves it. */
export function startDashboardDatabase() {
  return resolveDatabase({
    name: "pg-bench-dashboard",
    port: Number(process.env.BENCH_DATABASE_PORT ?? 54369),
    database: "postgres",
  });
}

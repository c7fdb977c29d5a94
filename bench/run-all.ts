/**
 * `npm run bench`: every benchmark, one after another, each in its own process. Each prints its
 * figures and the ratio to a baseline measured in the same run; its last line is a summary.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const BENCHES = ["conditional-list.ts", "sync.ts", "dashboard.ts", "costs.ts", "campaign.ts", "outcomes.ts"];
const summaries: string[] = [];
for (const bench of BENCHES) {
  // react-server: benchmarks that call the data layer import modules marked "server-only".
  const result = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, bench)],
    { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  process.stdout.write(result.stdout);
  if (result.status !== 0) {
    console.error(`bench ${bench} failed (exit ${result.status})`);
    process.exit(1);
  }
  summaries.push(result.stdout.trim().split("\n").at(-1) ?? "");
}
console.info("\nsummary:");
for (const line of summaries) console.info(`  ${line}`);

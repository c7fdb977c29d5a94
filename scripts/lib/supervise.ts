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

// ANSI colours per process name, only when the terminal shows them (NO_COLOR is respected).
const COLOURS: Record<string, number> = { next: 36, worker: 35, emulator: 33, dev: 32 };

function prefix(name: string, stream: NodeJS.WriteStream): string {
  const useColour = stream.isTTY && !process.env.NO_COLOR;
  return useColour ? `\x1b[${COLOURS[name] ?? 34}m[${name}]\x1b[0m ` : `[${name}] `;
}

/**
 * Writes text to `stream` with every line labelled `[name]`, so the output of processes that run
 * together can be told apart. Keeps a partial last line until its end arrives.
 */
export function labelledWriter(name: string, stream: NodeJS.WriteStream): (chunk: string | Buffer) => void {
  const label = prefix(name, stream);
  let partial = "";
  return (chunk) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    if (lines.length > 0) stream.write(lines.map((line) => label + line + "\n").join(""));
  };
}

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

  const piped = children.length > 1 || children.some((spec) => spec.logFile);
  for (const spec of children) {
    const child = spawn(spec.command, spec.args, {
      cwd: ROOT,
      // Piped output is not a terminal: keep the children's own colours when ours are shown.
      env: {
        ...process.env,
        ...(piped && !spec.logFile && process.stdout.isTTY && !process.env.NO_COLOR
          ? { FORCE_COLOR: "1" }
          : {}),
        ...spec.env,
      },
      // One child (a CLI under scripts/with-db.ts) keeps the terminal: it may be interactive.
      stdio: piped ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    if (piped) {
      const log = spec.logFile ? createWriteStream(spec.logFile, { flags: "a" }) : null;
      const out = labelledWriter(spec.name, process.stdout);
      const err = labelledWriter(spec.name, process.stderr);
      child.stdout?.on("data", (chunk: Buffer) => (out(chunk), log?.write(chunk)));
      child.stderr?.on("data", (chunk: Buffer) => (err(chunk), log?.write(chunk)));
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

/**
 * Finds the server's entry points for tests that must cover all of them: every "use server" file
 * (server actions) and every route handler under app/api.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const repositoryRoot = path.resolve(import.meta.dirname, "..");

/** True when the file's first statement is the "use server" directive (comments may come first). */
export function startsWithUseServer(source: string): boolean {
  const code = source.replace(/^(?:\s+|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
  return /^["']use server["']/.test(code);
}

function walk(dir: string, keep: (relative: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(repositoryRoot, dir), { withFileTypes: true })) {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(relative, keep));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && keep(relative))
      found.push(relative);
  }
  return found;
}

/** Every file under app/ and lib/ that starts with "use server", sorted. */
export function serverActionFiles(): string[] {
  const isActions = (relative: string) =>
    startsWithUseServer(readFileSync(path.join(repositoryRoot, relative), "utf8"));
  return [...walk("app", isActions), ...walk("lib", isActions)].sort();
}

/** Every route handler under app/api, sorted. */
export function routeFiles(): string[] {
  return walk("app/api", (relative) => /\/route\.ts$/.test(relative)).sort();
}

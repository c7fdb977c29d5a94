/**
 * `npm run format:check` part two: fails when prisma/schema.prisma is not as `prisma format` writes it.
 * Prisma 6.19's `prisma format` has no --check, so a temporary copy is formatted and compared.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const schema = process.argv[2] ?? path.join(ROOT, "prisma/schema.prisma");
const folder = mkdtempSync(path.join(tmpdir(), "prisma-format-"));
const copy = path.join(folder, "schema.prisma");
try {
  copyFileSync(schema, copy);
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/prisma/build/index.js"), "format", "--schema", copy],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } },
  );
  if (result.status !== 0) {
    console.error(result.stderr || result.stdout);
    console.error(`prisma format failed on ${path.relative(ROOT, schema)}`);
    process.exit(1);
  }
  const before = readFileSync(schema, "utf8").split("\n");
  const after = readFileSync(copy, "utf8").split("\n");
  const line = before.findIndex((text, index) => text !== after[index]);
  if (line === -1 && before.length === after.length) {
    console.info(`${path.relative(ROOT, schema)} is formatted`);
  } else {
    const at = line === -1 ? Math.min(before.length, after.length) : line;
    console.error(
      `${path.relative(ROOT, schema)} is not formatted (first difference at line ${at + 1}):\n` +
        `  is:        ${JSON.stringify(before[at] ?? "")}\n` +
        `  should be: ${JSON.stringify(after[at] ?? "")}\n` +
        "Run `npx prisma format`.",
    );
    process.exit(1);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

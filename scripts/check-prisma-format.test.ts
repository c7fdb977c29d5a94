import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const folder = mkdtempSync(path.join(tmpdir(), "prisma-format-test-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function check(schemaText: string) {
  const schema = path.join(folder, `schema-${Math.random().toString(36).slice(2)}.prisma`);
  writeFileSync(schema, schemaText);
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/check-prisma-format.ts", schema], {
    encoding: "utf8",
  });
  return { ...result, after: readFileSync(schema, "utf8") };
}

describe("check-prisma-format", () => {
  const committed = readFileSync("prisma/schema.prisma", "utf8");

  it("passes the committed schema", () => {
    const result = check(committed);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("fails a schema prisma format would change, and leaves the file as it was", () => {
    const unformatted = committed.replace(/^( {2}id) +String/m, "$1 String");
    expect(unformatted).not.toBe(committed);
    const result = check(unformatted);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("is not formatted");
    expect(result.after).toBe(unformatted);
  });
});

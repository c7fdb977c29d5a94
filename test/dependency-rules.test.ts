/**
 * The dependency rules (.dependency-cruiser.cjs, run by `npm run lint`) catch what they promise:
 * a cycle between files, a cycle between lib's folders, lib importing the UI, and the worker
 * reaching web-only code. Each is planted in a scratch tree and must be reported.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { cruise } from "dependency-cruiser";
import { afterAll, describe, expect, it } from "vitest";

const config = createRequire(import.meta.url)("../.dependency-cruiser.cjs") as {
  forbidden: unknown[];
};
const root = mkdtempSync(path.join(tmpdir(), "switchyard-deps-"));

function plant(files: Record<string, string>) {
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), source);
  }
}

async function violations(entries: string[]): Promise<string[]> {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const result = await cruise(entries, {
      ruleSet: { forbidden: config.forbidden } as never,
      validate: true,
      doNotFollow: { path: "node_modules" },
    });
    const output = result.output as { summary: { violations: { rule: { name: string } }[] } };
    return [...new Set(output.summary.violations.map((violation) => violation.rule.name))].sort();
  } finally {
    process.chdir(cwd);
  }
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("dependency rules", () => {
  it("report a file cycle, a lib folder cycle, lib importing the UI, and the worker reaching lib/db.ts", async () => {
    plant({
      "lib/a/one.ts": 'import { two } from "../b/two";\nexport const one = () => two;\n',
      "lib/b/two.ts": 'import { three } from "../a/three";\nexport const two = three;\n',
      "lib/a/three.ts": "export const three = 3;\n",
      "lib/c/x.ts": 'import { y } from "./y";\nexport const x = () => y;\n',
      "lib/c/y.ts": 'import { x } from "./x";\nexport const y = () => x;\n',
      "lib/d/ui.ts": 'import { Button } from "../../components/button";\nexport const b = Button;\n',
      "components/button.ts": "export const Button = 1;\n",
      "lib/db.ts": "export const db = {};\n",
      "worker/index.ts": 'import { db } from "../lib/e/job";\nexport const w = db;\n',
      "lib/e/job.ts": 'import { db } from "../db";\nexport { db };\n',
    });
    expect(await violations(["lib", "components", "worker"])).toEqual([
      "lib-below-ui",
      "no-file-cycles",
      "no-lib-folder-cycles",
      "worker-stays-off-the-web",
    ]);
  });

  it("pass a tree whose dependencies point one way", async () => {
    rmSync(root, { recursive: true, force: true });
    plant({
      "lib/a/one.ts": 'import { two } from "../b/two";\nexport const one = two;\n',
      "lib/b/two.ts": "export const two = 2;\n",
      "components/button.ts": 'import { one } from "../lib/a/one";\nexport const Button = one;\n',
      "worker/index.ts": 'import { two } from "../lib/b/two";\nexport const w = two;\n',
    });
    expect(await violations(["lib", "components", "worker"])).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

// Runs last (files run in name order with one worker): by now every other spec has signed in,
// refreshed tokens and started tasks, so the app's own output has had every chance to leak one.
test("no token appears in any log line the app produced during the run", () => {
  const log = readFileSync(".data/e2e-app.log", "utf8");
  expect(log.length).toBeGreaterThan(0);
  expect(log).not.toMatch(/gh[uorp]_[A-Za-z0-9]{10,}/);
});

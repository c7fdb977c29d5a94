import { readFileSync } from "node:fs";
import { join } from "node:path";
import { demoEnvironment } from "../scripts/lib/demo";
import { expect, test as teardown } from "./fixtures";
import { EMULATOR_URL } from "./support/emulator";

// The teardown of the setup project: it runs after every project that depends on setup, so by now
// every spec has signed in, refreshed tokens, created webhook secrets and started tasks, and the app's
// own output has had every chance to leak one.
teardown("no token or secret appears in any log line the app produced during the run", () => {
  const log = readFileSync(join(import.meta.dirname, "..", ".data", "e2e-app.log"), "utf8");
  expect(log.length).toBeGreaterThan(0);
  expect(log).not.toMatch(/gh[uorp]_[A-Za-z0-9]{10,}/);
  expect(log).not.toMatch(/whsec_[0-9a-f]{16,}/);
  // Switchyard's API tokens (e2e/api-tokens.spec.ts creates and uses one).
  expect(log).not.toMatch(/syt_[0-9a-f]{16}_[A-Za-z0-9_-]{20,}/);
  // The secrets scripts/e2e-server.ts gave the app.
  const env = demoEnvironment(EMULATOR_URL, "http://localhost");
  for (const name of ["AUTH_SECRET", "TOKEN_ENCRYPTION_KEY", "AUTH_GITHUB_SECRET"] as const)
    expect(log.includes(env[name]!), `${name} in the app's log`).toBe(false);
});

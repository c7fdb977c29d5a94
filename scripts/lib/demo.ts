/** Demo mode: no GitHub OAuth app configured, so run against the local GitHub emulator. */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DATA_DIR } from "./database";

export const EMULATOR_CLIENT_ID = "switchyard-dev";
export const EMULATOR_CLIENT_SECRET = "switchyard-dev-secret";

export function isDemoMode(): boolean {
  return !process.env.AUTH_GITHUB_ID?.trim();
}

/** Secrets generated once into the git-ignored data folder, so sessions survive restarts. */
export function demoSecrets(): { AUTH_SECRET: string; TOKEN_ENCRYPTION_KEY: string } {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, "demo-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const secrets = {
    AUTH_SECRET: randomBytes(33).toString("base64"),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function demoEnvironment(emulatorUrl: string, appUrl: string): Record<string, string> {
  const secrets = demoSecrets();
  return {
    SWITCHYARD_DEMO: "1",
    AUTH_GITHUB_ID: EMULATOR_CLIENT_ID,
    AUTH_GITHUB_SECRET: EMULATOR_CLIENT_SECRET,
    GITHUB_WEB_URL: emulatorUrl,
    GITHUB_API_URL: emulatorUrl,
    AUTH_URL: process.env.AUTH_URL || appUrl,
    AUTH_TRUST_HOST: "true",
    AUTH_SECRET: process.env.AUTH_SECRET || secrets.AUTH_SECRET,
    TOKEN_ENCRYPTION_KEY: process.env.TOKEN_ENCRYPTION_KEY || secrets.TOKEN_ENCRYPTION_KEY,
    SWITCHYARD_ADMINS: process.env.SWITCHYARD_ADMINS || "alice",
    // Demo receivers run on this machine; never outside demo mode in production (lib/env.ts).
    SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK: process.env.SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK || "1",
    // The emulator's organisation; carol (an outside collaborator without a Copilot seat) gets in
    // and sees the no-seat message, mallory (an outsider) is refused.
    SWITCHYARD_ALLOWED_ORGS: process.env.SWITCHYARD_ALLOWED_ORGS || "acme",
    SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS: process.env.SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS || "true",
    // The emulator's list probes are free (304), so the demo can notice settled tasks moving quickly.
    SYNC_SETTLED_SECONDS: process.env.SYNC_SETTLED_SECONDS || "5",
    // The demo's few people carry a whole test suite's launches and campaigns in minutes, far more
    // than anyone works in a day: their background work may spend half their (emulated) limit.
    SYNC_BUDGET_SHARE: process.env.SYNC_BUDGET_SHARE || "0.5",
  };
}

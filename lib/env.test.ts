import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, parseEnv } from "./env";

const valid = { DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db" };

describe("parseEnv", () => {
  it("applies GitHub defaults", () => {
    const env = parseEnv(valid);
    expect(env.GITHUB_WEB_URL).toBe("https://github.com");
    expect(env.GITHUB_API_URL).toBe("https://api.github.com");
    expect(env.SWITCHYARD_ADMINS).toEqual([]);
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://nope" })).toThrow(/DATABASE_URL must be a postgresql/);
    expect(() => parseEnv({ ...valid, GITHUB_API_URL: "not a url" })).toThrow(/GITHUB_API_URL/);
    expect(() => parseEnv({ ...valid, TOKEN_ENCRYPTION_KEY: "short" })).toThrow(/TOKEN_ENCRYPTION_KEY/);
    expect(() => parseEnv({})).toThrow(InvalidEnvironmentError);
  });

  it("requires OAuth credentials in pairs and AUTH_SECRET in production", () => {
    expect(() => parseEnv({ ...valid, AUTH_GITHUB_ID: "x" })).toThrow(/AUTH_GITHUB_SECRET/);
    expect(() => parseEnv({ ...valid, NODE_ENV: "production" })).toThrow(/AUTH_SECRET/);
  });

  it("reads previous encryption keys and refuses malformed ones", () => {
    const key = Buffer.alloc(32, 1).toString("base64");
    const other = Buffer.alloc(32, 2).toString("base64");
    expect(parseEnv(valid).TOKEN_ENCRYPTION_KEYS_PREVIOUS).toEqual([]);
    expect(
      parseEnv({ ...valid, TOKEN_ENCRYPTION_KEYS_PREVIOUS: ` ${key}, ${other} ,` })
        .TOKEN_ENCRYPTION_KEYS_PREVIOUS,
    ).toEqual([key, other]);
    expect(() => parseEnv({ ...valid, TOKEN_ENCRYPTION_KEYS_PREVIOUS: `${key},short` })).toThrow(
      /TOKEN_ENCRYPTION_KEYS_PREVIOUS/,
    );
  });

  it("reads the webhook allow-list, and refuses loopback receivers in production outside demo mode", () => {
    expect(parseEnv(valid).SWITCHYARD_WEBHOOK_ALLOWED_HOSTS).toEqual([]);
    expect(
      parseEnv({
        ...valid,
        SWITCHYARD_WEBHOOK_ALLOWED_HOSTS: "Alerts.Internal.example, hooks.corp.example:8443",
      }).SWITCHYARD_WEBHOOK_ALLOWED_HOSTS,
    ).toEqual([
      { host: "alerts.internal.example", port: 443 },
      { host: "hooks.corp.example", port: 8443 },
    ]);
    expect(() => parseEnv({ ...valid, SWITCHYARD_WEBHOOK_ALLOWED_HOSTS: "https://x.example/" })).toThrow(
      /SWITCHYARD_WEBHOOK_ALLOWED_HOSTS/,
    );
    expect(() => parseEnv({ ...valid, SWITCHYARD_WEBHOOK_ALLOWED_HOSTS: "x.example:70000" })).toThrow(/port/);
    const production = {
      ...valid,
      NODE_ENV: "production",
      AUTH_SECRET: "s",
      AUTH_URL: "https://switchyard.example.com",
      SWITCHYARD_ALLOWED_ORGS: "acme",
    };
    expect(
      parseEnv({ ...valid, SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK: "1" }).SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK,
    ).toBe("1");
    expect(parseEnv(production).SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK).toBe("0");
    expect(() => parseEnv({ ...production, SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK: "1" })).toThrow(
      /SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK=1 is refused in production/,
    );
    expect(
      parseEnv({ ...production, SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK: "1", SWITCHYARD_DEMO: "1" })
        .SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK,
    ).toBe("1");
    // The scheduler's test clock likewise: tests and the demo only.
    expect(() => parseEnv({ ...production, SWITCHYARD_TEST_CLOCK: "1" })).toThrow(
      /SWITCHYARD_TEST_CLOCK=1 is for tests only/,
    );
    expect(
      parseEnv({ ...production, SWITCHYARD_TEST_CLOCK: "1", SWITCHYARD_DEMO: "1" }).SWITCHYARD_TEST_CLOCK,
    ).toBe("1");
  });

  it("requires AUTH_URL and SWITCHYARD_ALLOWED_ORGS in production, naming each", () => {
    const production = {
      ...valid,
      NODE_ENV: "production",
      AUTH_SECRET: "s".repeat(44),
      AUTH_URL: "https://switchyard.example.com",
      SWITCHYARD_ALLOWED_ORGS: "acme",
    };
    expect(parseEnv(production).SWITCHYARD_ALLOWED_ORGS).toEqual(["acme"]);
    expect(() => parseEnv({ ...production, AUTH_URL: "" })).toThrow(/AUTH_URL is required in production/);
    expect(() => parseEnv({ ...production, SWITCHYARD_ALLOWED_ORGS: " , " })).toThrow(
      /SWITCHYARD_ALLOWED_ORGS is required in production/,
    );
    // Outside production, unset means no organisation check (a local experiment).
    expect(parseEnv(valid).SWITCHYARD_ALLOWED_ORGS).toEqual([]);
  });

  it("parses the allowed organisations and the outside-collaborator switch", () => {
    const env = parseEnv({ ...valid, SWITCHYARD_ALLOWED_ORGS: " Acme, acme-labs ,," });
    expect(env.SWITCHYARD_ALLOWED_ORGS).toEqual(["acme", "acme-labs"]);
    expect(env.SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS).toBe(false);
    expect(() => parseEnv({ ...valid, SWITCHYARD_ALLOWED_ORGS: "acme,https://github.com/evil" })).toThrow(
      /SWITCHYARD_ALLOWED_ORGS.*organisation logins/,
    );
    expect(
      parseEnv({ ...valid, SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS: "true" })
        .SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS,
    ).toBe(true);
    expect(
      parseEnv({ ...valid, SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS: "0" })
        .SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS,
    ).toBe(false);
    expect(() => parseEnv({ ...valid, SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS: "yes" })).toThrow(
      /SWITCHYARD_ALLOW_OUTSIDE_COLLABORATORS must be true or false/,
    );
  });

  it("normalises the admin list", () => {
    expect(parseEnv({ ...valid, SWITCHYARD_ADMINS: " Alice, bob ,," }).SWITCHYARD_ADMINS).toEqual([
      "alice",
      "bob",
    ]);
  });
});

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

  it("normalises the admin list", () => {
    expect(parseEnv({ ...valid, SWITCHYARD_ADMINS: " Alice, bob ,," }).SWITCHYARD_ADMINS).toEqual([
      "alice",
      "bob",
    ]);
  });
});

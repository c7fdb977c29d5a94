import { describe, expect, it } from "vitest";
import { refNameProblem, startTaskInputSchema } from "./schemas";

const base = { owner: "acme", repo: "web-storefront", prompt: "Fix the flaky test" };
const parse = (extra: Record<string, unknown>) => startTaskInputSchema.safeParse({ ...base, ...extra });

describe("startTaskInputSchema", () => {
  it("accepts a minimal input and defaults create_pull_request to false", () => {
    const result = startTaskInputSchema.parse(base);
    expect(result).toEqual({ ...base, create_pull_request: false });
  });

  it.each(["a", "acme", "a-b-c", "A1", "x".repeat(39)])("owner %s is valid", (owner) => {
    expect(parse({ owner }).success).toBe(true);
  });
  it.each(["", "-acme", "acme-", "ac--me", "x".repeat(40), "ac_me", "ac.me", "ac me"])(
    "owner %j is invalid",
    (owner) => {
      expect(parse({ owner }).success).toBe(false);
    },
  );

  it.each(["r", "web-storefront", "my.repo", "_x", ".github", "a".repeat(100)])(
    "repo %s is valid",
    (repo) => {
      expect(parse({ repo }).success).toBe(true);
    },
  );
  it.each(["", ".", "..", "a".repeat(101), "a/b", "a b", "ä"])("repo %j is invalid", (repo) => {
    expect(parse({ repo }).success).toBe(false);
  });

  it("trims the prompt and enforces 1..30000 characters", () => {
    expect(startTaskInputSchema.parse({ ...base, prompt: "  hi  " }).prompt).toBe("hi");
    expect(parse({ prompt: "   " }).success).toBe(false);
    expect(parse({ prompt: "x".repeat(30_000) }).success).toBe(true);
    expect(parse({ prompt: "x".repeat(30_001) }).success).toBe(false);
  });

  it.each(["main", "feature/login", "copilot/fix-123", "release-1.2", "a/b/c", "user@host"])(
    "ref %s is valid",
    (ref) => {
      expect(refNameProblem(ref)).toBeNull();
      expect(parse({ base_ref: ref, head_ref: ref }).success).toBe(true);
    },
  );

  it.each([
    "a..b",
    "has space",
    "tab\there",
    "ctrl\x01",
    "del\x7f",
    "a~1",
    "a^",
    "a:b",
    "a?",
    "a*",
    "a[b",
    "a\\b",
    "-leading",
    "/leading",
    "trailing/",
    "branch.lock",
    "dir.lock/x",
    "ends.",
    "a@{b",
    "a//b",
    "@",
    ".hidden",
    "a/.hidden",
  ])("ref %j is invalid", (ref) => {
    expect(refNameProblem(ref)).not.toBeNull();
    expect(parse({ base_ref: ref }).success).toBe(false);
    expect(parse({ head_ref: ref }).success).toBe(false);
  });

  it("treats empty refs as absent", () => {
    const result = startTaskInputSchema.parse({ ...base, base_ref: "", head_ref: "" });
    expect(result.base_ref).toBeUndefined();
    expect(result.head_ref).toBeUndefined();
  });

  it("model: empty/absent means automatic; only listed models are accepted", () => {
    expect(startTaskInputSchema.parse({ ...base, model: "" }).model).toBeUndefined();
    expect(startTaskInputSchema.parse(base).model).toBeUndefined();
    for (const model of [
      "claude-sonnet-4.6",
      "claude-opus-4.6",
      "gpt-5.2-codex",
      "gpt-5.3-codex",
      "gpt-5.4",
      "claude-sonnet-4.5",
      "claude-opus-4.5",
    ]) {
      expect(startTaskInputSchema.parse({ ...base, model }).model).toBe(model);
    }
    expect(parse({ model: "auto" }).success).toBe(false);
    expect(parse({ model: "gpt-4" }).success).toBe(false);
  });

  it("custom_agent must be a slug", () => {
    expect(startTaskInputSchema.parse({ ...base, custom_agent: "performance-optimizer" }).custom_agent).toBe(
      "performance-optimizer",
    );
    expect(startTaskInputSchema.parse({ ...base, custom_agent: "" }).custom_agent).toBeUndefined();
    expect(parse({ custom_agent: "../etc" }).success).toBe(false);
    expect(parse({ custom_agent: "has space" }).success).toBe(false);
  });

  it("create_pull_request accepts booleans and form values", () => {
    const value = (v: unknown) =>
      startTaskInputSchema.parse({ ...base, create_pull_request: v }).create_pull_request;
    expect(value(true)).toBe(true);
    expect(value("on")).toBe(true);
    expect(value("true")).toBe(true);
    expect(value("false")).toBe(false);
    expect(value(false)).toBe(false);
    expect(value(undefined)).toBe(false);
    expect(parse({ create_pull_request: "yes" }).success).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { isValidOwner, ownersForRoot, parseCodeowners } from "./codeowners";

describe("parseCodeowners", () => {
  it("reads rules in order and ignores comments and blank lines", () => {
    const text = [
      "# Code owners for acme/checkout-api",
      "",
      "*       @acme/payments @bob   # inline comment",
      "   ",
      "/docs/  docs@acme.example",
      "*.md\t@carol",
    ].join("\n");
    expect(parseCodeowners(text)).toEqual([
      { pattern: "*", owners: ["@acme/payments", "@bob"] },
      { pattern: "/docs/", owners: ["docs@acme.example"] },
      { pattern: "*.md", owners: ["@carol"] },
    ]);
  });

  it("treats \\# as part of the pattern and handles CRLF", () => {
    expect(parseCodeowners("\\#notes.txt @alice\r\n/path\\ with\\ spaces/ @bob\r\n")).toEqual([
      { pattern: "#notes.txt", owners: ["@alice"] },
      { pattern: "/path with spaces/", owners: ["@bob"] },
    ]);
  });

  it("keeps a pattern without owners (it unowns matching paths)", () => {
    expect(parseCodeowners("* @acme/web\n/generated/\n")).toEqual([
      { pattern: "*", owners: ["@acme/web"] },
      { pattern: "/generated/", owners: [] },
    ]);
  });

  it("skips lines with invalid syntax, like GitHub", () => {
    expect(parseCodeowners("* @acme/web not-an-owner\n!*.js @bob\n[ab].txt @bob\n*.go @dave\n")).toEqual([
      { pattern: "*.go", owners: ["@dave"] },
    ]);
  });

  it("accepts users, org teams and emails as owners", () => {
    expect(isValidOwner("@bob")).toBe(true);
    expect(isValidOwner("@acme/payments")).toBe(true);
    expect(isValidOwner("@acme/team.with_dots-1")).toBe(true);
    expect(isValidOwner("bob@acme.example")).toBe(true);
    expect(isValidOwner("bob")).toBe(false);
    expect(isValidOwner("@-bob")).toBe(false);
    expect(isValidOwner("@acme/")).toBe(false);
  });
});

describe("ownersForRoot", () => {
  it("takes the last rule that covers the whole repository", () => {
    const rules = parseCodeowners("* @acme/web\n/src/ @bob\n/** @acme/payments @alice\n*.md @carol\n");
    expect(ownersForRoot(rules)).toEqual(["@acme/payments", "@alice"]);
  });

  it.each(["*", "/*", "**", "/**", "**/*", "/**/*"])("%s is a whole-repository rule", (pattern) => {
    expect(ownersForRoot([{ pattern, owners: ["@bob"] }])).toEqual(["@bob"]);
  });

  it.each(["*.md", "/docs/", "docs/*", "/README.md", "*/", "apps/**"])(
    "%s is not the rule for the repository root",
    (pattern) => {
      expect(ownersForRoot([{ pattern, owners: ["@bob"] }])).toEqual([]);
    },
  );

  it("is empty when the last root rule has no owners", () => {
    expect(ownersForRoot(parseCodeowners("* @acme/web\n*\n"))).toEqual([]);
  });

  it("reads the emulator's seed format", () => {
    const text = "# Code owners for acme/web-storefront\n* @acme/web @bob\n";
    expect(ownersForRoot(parseCodeowners(text))).toEqual(["@acme/web", "@bob"]);
  });
});

/** The one wildcard dialect: meaning, refusals, and linear time on patterns that stall backtracking matchers. */
import { describe, expect, it } from "vitest";
import { repositoryNamePatternSchema, repositoryPatternSchema } from "@/lib/validations/patterns";
import { compileGlob, GlobPatternError, matchesGlob, MAX_WILDCARDS, patternProblem } from "./glob";

describe("matchesGlob", () => {
  it("matches the whole name, without regard to case", () => {
    expect(matchesGlob("acme/payments-*", "acme/payments-ledger")).toBe(true);
    expect(matchesGlob("ACME/Payments-*", "acme/payments-ledger")).toBe(true);
    expect(matchesGlob("acme/payments-*", "Acme/PAYMENTS-Ledger")).toBe(true);
    expect(matchesGlob("  acme/payments-*  ", "acme/payments-ledger")).toBe(true);
    expect(matchesGlob("acme/payments", "acme/payments-ledger")).toBe(false);
    expect(matchesGlob("payments-*", "acme/payments-ledger")).toBe(false);
    expect(matchesGlob("acme/security-scanner", "acme/security-scanner")).toBe(true);
    expect(matchesGlob("acme/security-scanner", "acme/security-scanner-2")).toBe(false);
  });

  it("keeps the meaning rules and policies had: * within a segment, ** across, ? one character", () => {
    expect(matchesGlob("*", "acme/checkout-api")).toBe(false);
    expect(matchesGlob("*/*", "acme/checkout-api")).toBe(true);
    expect(matchesGlob("**", "acme/checkout-api")).toBe(true);
    expect(matchesGlob("acme/**", "acme/checkout-api")).toBe(true);
    expect(matchesGlob("a**i", "acme/checkout-api")).toBe(true);
    expect(matchesGlob("a*i", "acme/checkout-api")).toBe(false);
    expect(matchesGlob("acme/*", "acme/checkout-api")).toBe(true);
    expect(matchesGlob("acme/*", "acme/")).toBe(true);
    expect(matchesGlob("acme/checkout-ap?", "acme/checkout-api")).toBe(true);
    expect(matchesGlob("acme/checkout-a?", "acme/checkout-api")).toBe(false);
    expect(matchesGlob("acme?checkout-api", "acme/checkout-api")).toBe(false);
    // Dots are literal and dot-files are not special.
    expect(matchesGlob("acme/.github", "acme/.github")).toBe(true);
    expect(matchesGlob("acme/*", "acme/.github")).toBe(true);
    expect(matchesGlob("acme/a.c", "acme/abc")).toBe(false);
    // Stars next to each other and at the ends.
    expect(matchesGlob("*-api", "checkout-api")).toBe(true);
    expect(matchesGlob("*e*t*", "checkout")).toBe(true);
    expect(matchesGlob("*x*", "checkout")).toBe(false);
  });

  it("refuses extglobs, braces, classes and negation instead of reading them literally", () => {
    for (const pattern of ["+(+(*))Z", "{web,api}-*", "cmp-000[1-3]", "!acme/*", "@(a|b)", "a\\*"])
      expect(() => compileGlob(pattern), pattern).toThrow(GlobPatternError);
    expect(() => compileGlob("")).toThrow(GlobPatternError);
    expect(() => compileGlob("a".repeat(201))).toThrow(/200 characters/);
    expect(() => compileGlob("a*".repeat(MAX_WILDCARDS + 1))).toThrow(/at most 10 wildcards/);
    expect(compileGlob("a*".repeat(MAX_WILDCARDS))("a".repeat(50))).toBe(true);
  });

  it("finishes fast on patterns that make backtracking matchers exponential", () => {
    const name = `${"a".repeat(16)}`;
    const long = `acme/${"a".repeat(100)}`;
    const cases: [string, string][] = [
      // Security review finding 18: a**a**a**…b against a long name.
      [`${"a**".repeat(9)}b`, long],
      [`${"a*".repeat(10)}b`, "a".repeat(140)],
      [`${"*a".repeat(9)}*b`, "a".repeat(140)],
      [`${"?*".repeat(5)}x`, long],
      [`**${"a**".repeat(8)}b`, long],
      ["*a*a*a*a*a*a*a*a*a*b", name],
    ];
    const started = performance.now();
    for (const [pattern, subject] of cases) {
      const match = compileGlob(pattern);
      for (let i = 0; i < 200; i++) expect(match(subject)).toBe(false);
    }
    // 1,200 worst-case matches: a backtracking matcher takes seconds to forever; this takes milliseconds.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("counts work, not guesses: the cost grows linearly with the name", () => {
    const match = compileGlob(`${"a*".repeat(10)}b`);
    const time = (length: number) => {
      const subject = "a".repeat(length);
      const started = performance.now();
      for (let i = 0; i < 50; i++) match(subject);
      return performance.now() - started;
    };
    time(2000); // warm up
    const small = time(2000);
    const large = time(16000);
    // 8× the input: about 8× the time (exponential or quadratic growth would be far more).
    expect(large).toBeLessThan(Math.max(small, 1) * 30);
  });
});

describe("pattern fields", () => {
  it("owner/name patterns: clear messages for each problem", () => {
    expect(repositoryPatternSchema.parse(" acme/payments-* ")).toBe("acme/payments-*");
    const message = (value: string) =>
      repositoryPatternSchema.safeParse(value).error?.issues[0]?.message ?? null;
    expect(message("acme/*")).toBeNull();
    expect(message("payments-*")).toMatch(/owner\/name/);
    expect(message("a/b/c")).toMatch(/owner\/name/);
    expect(message("acme/{web,api}")).toMatch(/braces, brackets/);
    expect(message("acme/+(a|b)")).toMatch(/not supported/);
    expect(message(`acme/${"x*".repeat(11)}`)).toMatch(/at most 10 wildcards/);
    expect(message(`acme/${"x".repeat(200)}`)).toMatch(/under 200/);
  });

  it("campaign name patterns: no owner, same dialect", () => {
    expect(repositoryNamePatternSchema.parse("payments-*")).toBe("payments-*");
    expect(repositoryNamePatternSchema.safeParse("acme/payments-*").error?.issues[0]?.message).toMatch(
      /without the owner/,
    );
    expect(repositoryNamePatternSchema.safeParse("").error?.issues[0]?.message).toMatch(
      /Give a name pattern/,
    );
    expect(repositoryNamePatternSchema.safeParse("+(+(*))Z").success).toBe(false);
    expect(patternProblem("{web,api}-*")).toMatch(/braces/);
  });
});

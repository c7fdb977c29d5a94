/** Repository policies, pure: matching, combining (strictest wins) and what a start is allowed to do. */
import { describe, expect, it } from "vitest";
import {
  applyPolicy,
  effectivePolicy,
  matchesPattern,
  OPEN_POLICY,
  patternMatcher,
  type EffectivePolicy,
} from "./policy";

type PolicyRow = Parameters<typeof effectivePolicy>[0][number];

const policy = (pattern: string, fields: Partial<Omit<PolicyRow, "pattern">> = {}): PolicyRow => ({
  pattern,
  pullRequests: "allowed",
  allowedModels: [],
  maxCampaignSize: null,
  ...fields,
});

const start = (fields: { model?: string; create_pull_request?: boolean } = {}) => ({
  owner: "acme",
  repo: "payments-ledger",
  prompt: "Fix the flaky test",
  ...fields,
});

describe("matchesPattern", () => {
  it("matches owner/name globs without regard to case", () => {
    expect(matchesPattern("acme/payments-*", "acme/payments-ledger")).toBe(true);
    expect(matchesPattern("ACME/Payments-*", "acme/payments-ledger")).toBe(true);
    expect(matchesPattern("acme/payments-*", "Acme/PAYMENTS-Ledger")).toBe(true);
    expect(matchesPattern("  acme/payments-*  ", "acme/payments-ledger")).toBe(true);
    expect(matchesPattern("acme/payments-*", "acme/checkout-api")).toBe(false);
    expect(matchesPattern("acme/payments-*", "globex/payments-ledger")).toBe(false);
  });

  it("* stays within a segment, ? is one character, ** crosses", () => {
    expect(matchesPattern("*", "acme/checkout-api")).toBe(false);
    expect(matchesPattern("*/*", "acme/checkout-api")).toBe(true);
    expect(matchesPattern("**", "acme/checkout-api")).toBe(true);
    expect(matchesPattern("acme/*", "acme/checkout-api")).toBe(true);
    expect(matchesPattern("acme/checkout-ap?", "acme/checkout-api")).toBe(true);
    expect(matchesPattern("acme/checkout-a?", "acme/checkout-api")).toBe(false);
    expect(matchesPattern("acme/.github", "acme/.github")).toBe(true);
    expect(matchesPattern("acme/*", "acme/.github")).toBe(true);
  });

  it("an exact name matches only itself", () => {
    expect(matchesPattern("acme/security-scanner", "acme/security-scanner")).toBe(true);
    expect(matchesPattern("acme/security-scanner", "acme/security-scanner-2")).toBe(false);
  });
});

describe("patternMatcher", () => {
  it("agrees with matchesPattern", () => {
    const names = [
      "acme/payments-ledger",
      "ACME/Payments-API",
      "acme/checkout-api",
      "acme/.github",
      "globex/x",
    ];
    for (const pattern of ["acme/payments-*", " ACME/* ", "*/*", "**", "acme/checkout-ap?", "*"]) {
      const matches = patternMatcher(pattern);
      for (const name of names)
        expect(matches(name), `${pattern} ~ ${name}`).toBe(matchesPattern(pattern, name));
    }
  });
});

describe("effectivePolicy", () => {
  it("is open when nothing matches", () => {
    expect(effectivePolicy([policy("globex/*", { pullRequests: "branch_only" })], "acme/x")).toEqual(
      OPEN_POLICY,
    );
    expect(effectivePolicy([], "acme/x")).toEqual(OPEN_POLICY);
  });

  it("branch-only wins over pull requests allowed, in any order", () => {
    const rows = [policy("acme/*"), policy("acme/payments-*", { pullRequests: "branch_only" })];
    expect(effectivePolicy(rows, "acme/payments-ledger")).toMatchObject({
      pullRequestsAllowed: false,
      matched: ["acme/*", "acme/payments-*"],
    });
    expect(effectivePolicy([...rows].reverse(), "acme/payments-ledger").pullRequestsAllowed).toBe(false);
    expect(effectivePolicy(rows, "acme/checkout-api")).toMatchObject({
      pullRequestsAllowed: true,
      matched: ["acme/*"],
    });
  });

  it("allowed models are the intersection of the lists; an empty list allows any", () => {
    const rows = [
      policy("acme/*", { allowedModels: ["claude-opus-4.6", "claude-sonnet-4.6", "gpt-5.4"] }),
      policy("acme/security-*", { allowedModels: ["claude-opus-4.6", "gpt-5.4", "gpt-5.2-codex"] }),
      policy("acme/security-scanner"),
    ];
    expect(effectivePolicy(rows, "acme/security-scanner").allowedModels).toEqual([
      "claude-opus-4.6",
      "gpt-5.4",
    ]);
    expect(effectivePolicy(rows, "acme/checkout-api").allowedModels).toEqual([
      "claude-opus-4.6",
      "claude-sonnet-4.6",
      "gpt-5.4",
    ]);
    expect(effectivePolicy([policy("acme/*")], "acme/checkout-api").allowedModels).toBeNull();
  });

  it("disjoint model lists leave no model allowed", () => {
    const rows = [
      policy("acme/*", { allowedModels: ["claude-opus-4.6"] }),
      policy("acme/security-*", { allowedModels: ["gpt-5.4"] }),
    ];
    expect(effectivePolicy(rows, "acme/security-scanner").allowedModels).toEqual([]);
  });

  it("the smallest campaign size counts; no size means no limit", () => {
    const rows = [
      policy("acme/*", { maxCampaignSize: 50 }),
      policy("acme/security-*", { maxCampaignSize: 10 }),
      policy("acme/security-scanner"),
    ];
    expect(effectivePolicy(rows, "acme/security-scanner").maxCampaignSize).toBe(10);
    expect(effectivePolicy([...rows].reverse(), "acme/security-scanner").maxCampaignSize).toBe(10);
    expect(effectivePolicy(rows, "acme/checkout-api").maxCampaignSize).toBe(50);
    expect(effectivePolicy([policy("acme/*")], "acme/checkout-api").maxCampaignSize).toBeNull();
  });

  it("adding a policy never loosens anything", () => {
    const strict = policy("acme/payments-*", {
      pullRequests: "branch_only",
      allowedModels: ["claude-opus-4.6"],
      maxCampaignSize: 5,
    });
    const loose = policy("**", { allowedModels: ["claude-opus-4.6", "gpt-5.4"], maxCampaignSize: 500 });
    expect(effectivePolicy([strict, loose], "acme/payments-ledger")).toMatchObject({
      pullRequestsAllowed: false,
      allowedModels: ["claude-opus-4.6"],
      maxCampaignSize: 5,
    });
  });
});

describe("applyPolicy", () => {
  const branchOnly: EffectivePolicy = {
    ...OPEN_POLICY,
    pullRequestsAllowed: false,
    matched: ["acme/payments-*"],
  };
  const opusOnly: EffectivePolicy = {
    ...OPEN_POLICY,
    allowedModels: ["claude-opus-4.6"],
    matched: ["acme/security-*"],
  };

  it("changes nothing under the open policy", () => {
    const input = start({ create_pull_request: true, model: "gpt-5.4" });
    expect(applyPolicy(OPEN_POLICY, input)).toEqual({ ok: true, input, notes: [] });
  });

  it("branch-only turns a requested pull request off, with a note", () => {
    const decision = applyPolicy(branchOnly, start({ create_pull_request: true }));
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.input.create_pull_request).toBe(false);
    expect(decision.input.prompt).toBe("Fix the flaky test");
    expect(decision.notes).toHaveLength(1);
    expect(decision.notes[0]).toContain("acme/payments-ledger is branch-only (policy acme/payments-*)");
    expect(decision.notes[0]).toContain("a person opens the pull request");
  });

  it("branch-only makes an unspecified pull request explicitly false, without a note", () => {
    const decision = applyPolicy(branchOnly, start());
    expect(decision).toMatchObject({ ok: true, notes: [] });
    if (decision.ok) expect(decision.input.create_pull_request).toBe(false);
  });

  it("never turns a pull request on", () => {
    const input = start({ create_pull_request: false });
    expect(applyPolicy(branchOnly, input)).toEqual({ ok: true, input, notes: [] });
    expect(applyPolicy(OPEN_POLICY, input)).toEqual({ ok: true, input, notes: [] });
    const open = applyPolicy(OPEN_POLICY, start());
    expect(open.ok && open.input.create_pull_request).toBeUndefined();
  });

  it("leaves the caller's input untouched", () => {
    const input = start({ create_pull_request: true });
    applyPolicy(branchOnly, input);
    expect(input.create_pull_request).toBe(true);
  });

  it("accepts an allowed model and refuses any other", () => {
    const allowed = start({ model: "claude-opus-4.6" });
    expect(applyPolicy(opusOnly, allowed)).toEqual({ ok: true, input: allowed, notes: [] });
    const refused = applyPolicy(opusOnly, start({ model: "gpt-5.4" }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.message).toContain("gpt-5.4 is not allowed on acme/payments-ledger");
      expect(refused.message).toContain("claude-opus-4.6");
    }
  });

  it("refuses automatic model selection when a list exists", () => {
    for (const model of [undefined, ""]) {
      const decision = applyPolicy(opusOnly, start({ model }));
      expect(decision.ok).toBe(false);
      if (!decision.ok) expect(decision.message).toContain("instead of automatic selection");
    }
  });

  it("refuses every start when no model is left", () => {
    const none: EffectivePolicy = { ...OPEN_POLICY, allowedModels: [], matched: ["a/*", "b/*"] };
    expect(applyPolicy(none, start({ model: "claude-opus-4.6" })).ok).toBe(false);
    expect(applyPolicy(none, start()).ok).toBe(false);
  });

  it("a refusal keeps the note about the pull request, and applies both rules together", () => {
    const both: EffectivePolicy = {
      ...OPEN_POLICY,
      pullRequestsAllowed: false,
      allowedModels: ["claude-opus-4.6"],
      matched: ["acme/*"],
    };
    const refused = applyPolicy(both, start({ create_pull_request: true, model: "gpt-5.4" }));
    expect(refused).toMatchObject({ ok: false });
    expect(refused.notes).toHaveLength(1);
    const accepted = applyPolicy(both, start({ create_pull_request: true, model: "claude-opus-4.6" }));
    expect(accepted).toMatchObject({
      ok: true,
      input: { create_pull_request: false, model: "claude-opus-4.6" },
    });
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_TASK_FILTERS, parseTaskFilters, taskFiltersToSearchParams } from "./task-filters";

describe("task filters in the URL", () => {
  it("round-trips through the URL, repeated or comma-separated", () => {
    const parsed = parseTaskFilters(
      new URLSearchParams(
        "state=failed&state=timed_out&repo=acme/checkout-api,acme/web&q=retry&pr=yes&sort=created",
      ),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.filters).toMatchObject({
      state: ["failed", "timed_out"],
      repo: ["acme/checkout-api", "acme/web"],
      q: "retry",
      pr: "yes",
      sort: "created",
    });
    const query = taskFiltersToSearchParams(parsed.filters).toString();
    expect(query).toBe(
      "state=failed&state=timed_out&repo=acme%2Fcheckout-api&repo=acme%2Fweb&pr=yes&q=retry&sort=created",
    );
    const again = parseTaskFilters(new URLSearchParams(query));
    expect(again).toEqual(parsed);
  });

  it("leaves defaults out and rejects bad values by field", () => {
    expect(taskFiltersToSearchParams(DEFAULT_TASK_FILTERS).toString()).toBe("");
    const bad = parseTaskFilters({ state: "sleeping", createdFrom: "yesterday" });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["createdFrom", "state"]);
  });
});

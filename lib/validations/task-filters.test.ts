import { describe, expect, it } from "vitest";
import {
  DEFAULT_TASK_FILTERS,
  exportIdsSchema,
  parseTaskFilters,
  taskFiltersToSearchParams,
} from "./task-filters";
import { MAX_EXPORT_IDS } from "./limits";

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

describe("the ids of an export of selected tasks", () => {
  it("takes repeated and comma-separated ids, once each", () => {
    const parsed = exportIdsSchema.safeParse(["a1b2-c3", "d4,a1b2-c3", ""]);
    expect(parsed.success && parsed.data).toEqual(["a1b2-c3", "d4"]);
  });
  it("refuses none, too many, and anything that is not a task id", () => {
    expect(exportIdsSchema.safeParse([]).success).toBe(false);
    expect(exportIdsSchema.safeParse(["ok-1", "../etc/passwd"]).success).toBe(false);
    expect(exportIdsSchema.safeParse(["x'; DROP TABLE"]).success).toBe(false);
    const many = Array.from({ length: MAX_EXPORT_IDS + 1 }, (_, i) => `t-${i}`);
    expect(exportIdsSchema.safeParse(many).success).toBe(false);
    expect(exportIdsSchema.safeParse(many.slice(1)).success).toBe(true);
  });
});

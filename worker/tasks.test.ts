import { parseCrontab } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { crontab, taskList } from "./tasks";

describe("worker crontab", () => {
  it("parses, and every scheduled job has a handler", () => {
    const items = parseCrontab(crontab);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(taskList).toHaveProperty(item.task);
  });
});

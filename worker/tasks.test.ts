import { parseCrontab } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { crontab, createTaskList } from "./tasks";

describe("worker crontab", () => {
  it("parses, and every scheduled job has a handler", () => {
    const taskList = createTaskList({
      db: {} as never,
      workerId: "test",
      clientFor: async () => ({}) as never,
      accessPolicy: { allowedOrgs: ["acme"], allowOutsideCollaborators: false },
    });
    const items = parseCrontab(crontab);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(taskList).toHaveProperty(item.task);
  });
});

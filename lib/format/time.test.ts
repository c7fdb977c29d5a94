import { describe, expect, it } from "vitest";
import { formatDuration, formatRelative } from "./time";

describe("time formatting", () => {
  it("picks a sensible unit", () => {
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(5 * 60_000)).toBe("5 min");
    expect(formatDuration(3 * 3_600_000)).toBe("3 h");
    expect(formatDuration(72 * 3_600_000)).toBe("3 d");
  });
  it("says past and future", () => {
    const now = new Date("2026-11-24T12:00:00Z");
    expect(formatRelative(new Date("2026-11-24T11:58:00Z"), now)).toBe("2 min ago");
    expect(formatRelative(new Date("2026-11-24T12:00:30Z"), now)).toBe("in 30 s");
    expect(formatRelative(null, now)).toBe("never");
  });
});

import { describe, expect, it } from "vitest";
import { formatAbsolute, formatClock, formatDuration, formatRelative } from "./time";

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
    expect(formatRelative(new Date("2026-11-24T12:00:01Z"), now)).toBe("just now");
    expect(formatRelative(null, now)).toBe("never");
  });
  it("writes absolute times in the time zone asked for, and names it", () => {
    const at = new Date("2026-11-24T12:00:05Z");
    expect(formatAbsolute(at, { timeZone: "UTC", locale: "en-GB" })).toBe("24 Nov 2026, 12:00 UTC");
    expect(formatAbsolute(at, { timeZone: "Europe/Paris", locale: "en-GB" })).toBe("24 Nov 2026, 13:00 CET");
    expect(formatAbsolute(at, { timeZone: "Europe/Paris", locale: "en-GB", seconds: true })).toBe(
      "24 Nov 2026, 13:00:05 CET",
    );
    // Across midnight the date moves with the zone.
    expect(
      formatAbsolute(new Date("2026-11-24T23:30:00Z"), { timeZone: "Asia/Tokyo", locale: "en-GB" }),
    ).toBe("25 Nov 2026, 08:30 GMT+9");
  });
  it("writes 24-hour clock times for chart axes", () => {
    const at = new Date("2026-07-01T00:05:09Z");
    expect(formatClock(at, { timeZone: "UTC" })).toBe("00:05");
    expect(formatClock(at, { timeZone: "Europe/Paris", seconds: true })).toBe("02:05:09");
    expect(formatClock(at, { timeZone: "America/New_York" })).toBe("20:05");
  });
});

import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./redirect";

const APP = "https://switchyard.example.com";

describe("safeRedirectPath: only ever a path on this site", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeRedirectPath("/tasks?state=failed#top", APP)).toBe("/tasks?state=failed#top");
    expect(safeRedirectPath("/", APP)).toBe("/");
    expect(safeRedirectPath("tasks", APP)).toBe("/tasks");
    // An absolute URL of this very origin is fine, and comes back as a path.
    expect(safeRedirectPath("https://switchyard.example.com/triage", APP)).toBe("/triage");
  });

  it.each([
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "///evil.example",
    "https://evil.example",
    "http://switchyard.example.com/triage", // another scheme is another origin
    "https://switchyard.example.com.evil.example/",
    "https://switchyard.example.com@evil.example/",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/.//evil.example",
    "/./\\evil.example",
    "/a/../..//evil.example",
  ])("refuses %j", (value) => {
    const path = safeRedirectPath(value, APP);
    expect(path).toBe("/");
  });

  it("leaves encoded slashes encoded: the browser reads them as one path segment on this site", () => {
    for (const value of [
      "%2F%2Fevil.example",
      "/%2F%2Fevil.example",
      "/%5Cevil.example",
      "%2f%5cevil.example",
    ]) {
      const path = safeRedirectPath(value, APP);
      expect(path.startsWith("/") && !path.startsWith("//")).toBe(true);
      expect(new URL(path, APP).origin).toBe(APP);
    }
  });

  it("falls back to / for anything that is not a usable string", () => {
    for (const value of [undefined, null, 42, ["//evil.example"], "", "/" + "a".repeat(3000)])
      expect(safeRedirectPath(value, APP)).toBe("/");
  });

  it("without a configured app URL, absolute URLs are refused and paths kept", () => {
    expect(safeRedirectPath("/launch")).toBe("/launch");
    expect(safeRedirectPath("http://localhost:3000/launch")).toBe("/");
    expect(safeRedirectPath("//evil.example")).toBe("/");
  });
});

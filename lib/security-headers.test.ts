import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

const headerMap = (options: Parameters<typeof securityHeaders>[0]) =>
  Object.fromEntries(securityHeaders(options).map(({ key, value }) => [key, value]));

function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe("security headers", () => {
  it("forbid framing, sniffing, full referrers and powerful features", () => {
    const headers = headerMap({
      githubWebUrl: "https://github.com",
      appUrl: "https://switchyard.example.com",
      development: false,
    });
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["Permissions-Policy"]).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
    expect(headers["Strict-Transport-Security"]).toBe("max-age=31536000");
    const csp = directives(headers["Content-Security-Policy"]!);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'self'"]);
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(csp["connect-src"]).toEqual(["'self'"]);
    // Scripts only from this origin (plus the App Router's inline payload), never eval in production.
    expect(csp["script-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp["img-src"]).toContain("https://avatars.githubusercontent.com");
    expect(csp["form-action"]).toEqual(["'self'", "https://github.com"]);
    expect(csp).toHaveProperty("upgrade-insecure-requests");
  });

  it("allow the emulator's host for avatars and the sign-in redirect, and eval only in development", () => {
    const csp = directives(
      contentSecurityPolicy({
        githubWebUrl: "http://127.0.0.1:4010",
        appUrl: "http://localhost:3000",
        development: true,
      }),
    );
    expect(csp["img-src"]).toContain("http://127.0.0.1:4010");
    expect(csp["form-action"]).toEqual(["'self'", "http://127.0.0.1:4010"]);
    expect(csp["script-src"]).toContain("'unsafe-eval'");
    // Plain http (local): no upgrade, no HSTS.
    expect(csp).not.toHaveProperty("upgrade-insecure-requests");
    expect(headerMap({ githubWebUrl: "http://127.0.0.1:4010", development: true })).not.toHaveProperty(
      "Strict-Transport-Security",
    );
  });

  it("a GHE.com host gets its own avatar host", () => {
    const csp = directives(
      contentSecurityPolicy({ githubWebUrl: "https://octo.ghe.com", development: false }),
    );
    expect(csp["img-src"]).toEqual(
      expect.arrayContaining(["https://octo.ghe.com", "https://avatars.octo.ghe.com"]),
    );
    expect(csp["img-src"]).not.toContain("https://avatars.githubusercontent.com");
  });
});

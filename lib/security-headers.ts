/**
 * Response headers for every route (next.config.ts `headers()`): no framing (clickjacking of the
 * one-click Retry/Resume/Approve forms), no MIME sniffing, no full URLs in Referer, no powerful
 * browser features, and a Content-Security-Policy.
 *
 * The CSP is static, so pages stay cacheable and need no per-request proxy: scripts only from this
 * origin, plus inline scripts, which the App Router needs for its RSC payload without a nonce. A
 * nonce would need a proxy on every request and dynamic rendering of every page; what it would add
 * is blocking an injected inline script, and React escapes all output and `react/no-danger` keeps
 * raw HTML out (eslint). What the policy does block: scripts, styles, frames and objects from other
 * origins, being framed, `<base>` rewrites, forms posting elsewhere, and fetches or images to hosts
 * other than this one and GitHub's (so even an injected script has nowhere to send data but here).
 */
export type SecurityHeaderOptions = {
  /** AUTH_URL: the app's public URL (https enables HSTS and upgrade-insecure-requests). */
  appUrl?: string;
  /** GITHUB_WEB_URL: avatars come from it, and the sign-in form redirects to it. */
  githubWebUrl: string;
  development: boolean;
};

function origin(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

/** Where GitHub serves avatars for this host (github.com → avatars.githubusercontent.com). */
function avatarOrigins(githubWebUrl: string): string[] {
  const web = new URL(githubWebUrl);
  if (web.hostname === "github.com") return ["https://avatars.githubusercontent.com"];
  // GHE.com and GHES serve avatars from avatars.<host> or from the host itself (the emulator does).
  return [web.origin, ...(web.protocol === "https:" ? [`https://avatars.${web.hostname}`] : [])];
}

export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const github = origin(options.githubWebUrl) ?? "https://github.com";
  const secure = origin(options.appUrl)?.startsWith("https:") ?? false;
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", "'unsafe-inline'", ...(options.development ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:", ...avatarOrigins(options.githubWebUrl)],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    // Before hydration the sign-in form is a plain POST answered by a redirect to GitHub.
    ["form-action", "'self'", github],
    ["frame-ancestors", "'none'"],
    ...(secure ? [["upgrade-insecure-requests"] as [string]] : []),
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): { key: string; value: string }[] {
  const secure = origin(options.appUrl)?.startsWith("https:") ?? false;
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(options) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    {
      key: "Permissions-Policy",
      value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(secure ? [{ key: "Strict-Transport-Security", value: "max-age=31536000" }] : []),
  ];
}

/**
 * Where to send someone after signing in: a path on this site, never elsewhere. The value is parsed
 * the way a browser would (`new URL(value, appUrl)`), so `//evil.example`, `/\evil.example`, tabs
 * and absolute URLs resolve to their real origin and are refused; what comes back is the normalised
 * path, which a browser can only read as same-origin. Client-safe.
 */
const FALLBACK_ORIGIN = "http://switchyard.invalid";

export function safeRedirectPath(value: unknown, appUrl?: string): string {
  if (typeof value !== "string" || value.length > 2048) return "/";
  let base: URL;
  try {
    base = new URL(appUrl ?? FALLBACK_ORIGIN);
  } catch {
    base = new URL(FALLBACK_ORIGIN);
  }
  let target: URL;
  try {
    target = new URL(value, base);
  } catch {
    return "/";
  }
  if (target.origin !== base.origin) return "/";
  const path = `${target.pathname}${target.search}${target.hash}`;
  // "/.//evil.example" normalises to "//evil.example": same origin here, another host in a Location.
  if (!path.startsWith("/") || path.startsWith("//")) return "/";
  return path;
}

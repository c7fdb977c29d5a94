/**
 * Signed deliveries: `X-Switchyard-Signature-256: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 * The timestamp is inside the signed text, so a receiver that refuses signatures older than a few
 * minutes cannot be fed a captured delivery again (replay); the event id deduplicates real retries.
 * Worker-safe and client-free: receivers (and tests) can use `verifySignedBody` as it is.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_256_HEADER = "x-switchyard-signature-256";
/** How old a signature a receiver should accept, by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

export function signTimestamped(body: string, secret: string, now: Date): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; problem: string };

/** Checks a header against the exact body bytes and the clock, in constant time. */
export function verifySignedBody(
  body: string,
  secret: string,
  header: string | null | undefined,
  { now = new Date(), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS } = {},
): VerifyResult {
  const parts = Object.fromEntries(
    (header ?? "").split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    }),
  );
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1) return { ok: false, problem: "no signature" };
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds)
    return { ok: false, problem: "signature too old (replay?)" };
  const expected = Buffer.from(hmac(secret, timestamp, body));
  const given = Buffer.from(parts.v1);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, problem: "signature does not match" };
  return { ok: true, timestamp };
}

/**
 * Where webhook deliveries may go, and the one way they are sent. A member chooses the URL, so the
 * worker must not become their way into the network it runs in:
 * - https only, on port 443, to a host on the public internet. A host named in
 *   SWITCHYARD_WEBHOOK_ALLOWED_HOSTS (`host` or `host:port`) is an internal receiver an admin allowed.
 * - Receivers on this machine (127.0.0.0/8, ::1, localhost; plain http allowed) only with
 *   SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK=1: tests, demo and development set it; lib/env.ts refuses it in
 *   production outside demo mode.
 * - The address is checked after DNS resolution, and the connection goes to the address that was
 *   checked (a `lookup` that refuses), so a name that resolves to an internal address — or starts to
 *   (DNS rebinding) — is refused. IP literals are checked before, as Node does not look them up.
 * - No redirects are followed, and nothing of the receiver's answer but its status is kept.
 * Used by the worker (no server-only); the same URL check runs when a webhook is saved.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { Env } from "@/lib/env";
import { isLoopback, nonPublicReason, parseIp } from "@/lib/net/addresses";

export type EgressPolicy = {
  /** Internal receivers an admin allowed (https only), from SWITCHYARD_WEBHOOK_ALLOWED_HOSTS. */
  allowedHosts: { host: string; port: number }[];
  /** Receivers on this machine (tests, demo, development), from SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK=1. */
  allowLoopback: boolean;
};

export const STRICT_POLICY: EgressPolicy = { allowedHosts: [], allowLoopback: false };

/** The environment's policy (lib/env.ts validates the variables and refuses loopback in production). */
export function egressPolicyFromEnv(
  env: Pick<Env, "SWITCHYARD_WEBHOOK_ALLOWED_HOSTS" | "SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK">,
): EgressPolicy {
  return {
    allowedHosts: env.SWITCHYARD_WEBHOOK_ALLOWED_HOSTS,
    allowLoopback: env.SWITCHYARD_WEBHOOK_ALLOW_LOOPBACK === "1",
  };
}

export type WebhookTarget = {
  url: URL;
  /** Host name or address, without IPv6 brackets. */
  hostname: string;
  port: number;
  /** Listed in SWITCHYARD_WEBHOOK_ALLOWED_HOSTS: connects wherever its name resolves. */
  allowListed: boolean;
};

/** The delivery is refused by the address policy: the message says why, without the address. */
export class EgressRefusedError extends Error {
  override name = "EgressRefusedError";
}

const ADMIN_HINT = "an admin can allow an internal receiver with SWITCHYARD_WEBHOOK_ALLOWED_HOSTS";

function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost") || isLoopback(hostname);
}

/**
 * Checks a webhook URL against the policy without any network access: the scheme, credentials, the
 * port, and an address written in the URL (the URL parser has already turned 2130706433, 0x7f.1 or
 * 0177.0.0.1 into 127.0.0.1). A host name's addresses are checked when it is resolved, at send.
 */
export function checkWebhookUrl(
  raw: string,
  policy: EgressPolicy,
): { ok: true; target: WebhookTarget } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: "Enter a full URL, e.g. https://hooks.slack.com/services/…" };
  }
  if (url.username || url.password)
    return { ok: false, problem: "Leave user names and passwords out of the URL." };
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return { ok: false, problem: "Use an https:// URL." };
  const hostname = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  const target = { url, hostname, port, allowListed: false };

  if (
    url.protocol === "https:" &&
    policy.allowedHosts.some((entry) => entry.host === hostname && entry.port === port)
  )
    return { ok: true, target: { ...target, allowListed: true } };
  if (isLoopbackName(hostname))
    return policy.allowLoopback
      ? { ok: true, target }
      : { ok: false, problem: "Webhooks cannot point at this machine (localhost or 127.0.0.1)." };
  if (url.protocol !== "https:")
    return {
      ok: false,
      problem: "Use an https:// URL (plain http only reaches receivers on this machine in development).",
    };
  if (parseIp(hostname)) {
    const reason = nonPublicReason(hostname);
    if (reason)
      return {
        ok: false,
        problem: `Webhooks cannot point at ${reason}: use a receiver on the public internet (${ADMIN_HINT}).`,
      };
  }
  if (port !== 443)
    return { ok: false, problem: `Use the standard https port (443); ${ADMIN_HINT}:port for another one.` };
  return { ok: true, target };
}

/** Resolves a name to its addresses (every one of them is checked). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * A `lookup` for node:net that resolves the name, refuses it when any of its addresses is not public
 * (or loopback, when allowed), and hands the checked addresses to the connection.
 */
export function guardedLookup(policy: EgressPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const refused = addresses.find(
          ({ address }) => nonPublicReason(address) && !(policy.allowLoopback && isLoopback(address)),
        );
        if (refused || addresses.length === 0) {
          const reason = refused ? nonPublicReason(refused.address) : "no address";
          callback(new EgressRefusedError(`the receiver's host resolves to ${reason}`), "", 0);
          return;
        }
        const usable = options.family
          ? addresses.filter((entry) => entry.family === options.family)
          : addresses;
        if (options.all) callback(null, usable);
        else callback(null, usable[0]?.address ?? "", usable[0]?.family ?? 0);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

export type PostOptions = { policy: EgressPolicy; timeoutMs: number; resolve?: Resolver };

export type PostResult = { status: number; retryAfterMs?: number };

/**
 * POSTs `body` to a checked target. Resolves with the status as soon as it arrives (the response
 * body is never read); rejects with EgressRefusedError (policy), or a network error.
 */
export function postWebhook(
  target: WebhookTarget,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<PostResult> {
  const transport = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target.url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        // An allow-listed name goes wherever it resolves; any other name only to checked addresses.
        lookup: target.allowListed ? undefined : guardedLookup(options.policy, options.resolve),
        // A connection of its own: never a pooled socket opened for another name.
        agent: false,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        const retryAfter = Number(response.headers["retry-after"]);
        resolve({
          status: response.statusCode ?? 0,
          retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
        });
        response.destroy();
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

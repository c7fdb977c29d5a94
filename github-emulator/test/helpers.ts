import { createHash, randomBytes } from "node:crypto";
import { afterEach } from "vitest";
import { startEmulator, type RunningEmulator } from "../server";
import type { EmulatorOptions } from "../core/options";

const running: RunningEmulator[] = [];

/** Starts an emulator on a random port; it is closed after the test. */
export async function emulator(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  const emu = await startEmulator({ port: 0, ...options });
  running.push(emu);
  return emu;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((emu) => emu.close()));
});

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function call<T = unknown>(
  emu: RunningEmulator,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = {
    "user-agent": "switchyard-tests",
    accept: "application/vnd.github+json",
    ...options.headers,
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const response = await fetch(`${emu.url}${path}`, { method, headers, body: payload, redirect: "manual" });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: body as T, text };
}

/** A token minted through the control API (skips the OAuth dance). */
export async function tokenFor(
  emu: RunningEmulator,
  login: string,
  kind: "pat" | "oauth_app" | "github_app" = "pat",
) {
  const result = await call<{ token: string }>(emu, "POST", "/_emulator/tokens", { body: { login, kind } });
  if (result.status !== 201) throw new Error(`could not mint token: ${result.text}`);
  return result.body.token;
}

export function pkcePair() {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  return { verifier, challenge };
}

export const CALLBACK = "http://localhost:3000/api/auth/callback/github";

/** Runs authorize (with `login`) and returns the code from the redirect. */
export async function authorize(emu: RunningEmulator, login: string, extra: Record<string, string> = {}) {
  const params = new URLSearchParams({
    client_id: "switchyard-dev",
    redirect_uri: CALLBACK,
    state: "s1",
    login,
    scope: "read:user user:email",
    ...extra,
  });
  const response = await fetch(`${emu.url}/login/oauth/authorize?${params}`, { redirect: "manual" });
  const location = new URL(response.headers.get("location") ?? "http://invalid/");
  return { status: response.status, location, code: location.searchParams.get("code") ?? "" };
}

export async function exchange(
  emu: RunningEmulator,
  params: Record<string, string>,
  accept = "application/json",
) {
  const response = await fetch(`${emu.url}/login/oauth/access_token`, {
    method: "POST",
    headers: { accept, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: "switchyard-dev",
      client_secret: "switchyard-dev-secret",
      ...params,
    }),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    json: (accept.includes("json") ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}

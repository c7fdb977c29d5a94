import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Emulator } from "./core/emulator";
import { resolveOptions, type EmulatorOptions } from "./core/options";
import { readBody } from "./http/body";
import { badCredentials, githubError, HttpError, notFound, requiresAuthentication } from "./http/errors";
import type { FaultRule } from "./http/faults";
import type { Router } from "./http/router";
import type { ApiRequest, ApiResponse } from "./http/types";
import { Persistence } from "./persistence";
import { apiRouter } from "./routes/api";
import { controlRouter } from "./routes/control";
import { pagesRouter } from "./routes/pages";
import { webRouter } from "./routes/web";

export type { EmulatorOptions } from "./core/options";
export type { Emulator } from "./core/emulator";

export interface RunningEmulator {
  /** Base URL, e.g. http://127.0.0.1:4010 (also the default publicUrl). */
  url: string;
  port: number;
  /** The live emulator: store, task engine, clock, counters… (for tests and scripts). */
  state: Emulator;
  close(): Promise<void>;
}

export const SUPPORTED_API_VERSIONS = ["2022-11-28", "2026-03-10"];
const DEFAULT_API_VERSION = "2022-11-28";

const USER_AGENT_REQUIRED =
  "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.\n";

const EXPOSED_HEADERS =
  "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset";

function requestId(): string {
  const hex = (n: number) => randomBytes(n).toString("hex").toUpperCase();
  return `${hex(2)}:${hex(2)}:${hex(3)}:${hex(4)}:${hex(4)}`;
}

function etagOf(body: string): string {
  return `W/"${createHash("sha256").update(body).digest("hex")}"`;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => strip(tag) === strip(etag));
}

function tokenFromAuthorization(header: string | undefined): string | null | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!scheme || !value) return null;
  const lower = scheme.toLowerCase();
  if (lower === "bearer" || lower === "token") return value;
  if (lower === "basic") {
    // Basic auth with a token as the password (username ignored), as GitHub accepts.
    const decoded = Buffer.from(value, "base64").toString("utf8");
    return decoded.slice(decoded.indexOf(":") + 1) || null;
  }
  return null;
}

function formatExpiration(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}

class RequestPipeline {
  private readonly api: Router;
  private readonly web: Router;
  private readonly control: Router;
  private readonly pages: Router;

  constructor(
    private readonly emu: Emulator,
    private readonly onChange: () => void,
  ) {
    this.api = apiRouter(emu);
    this.web = webRouter(emu);
    this.control = controlRouter(emu);
    this.pages = pagesRouter(emu);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = requestId();
    const url = new URL(req.url ?? "/", "http://emulator.local");
    const method = (req.method ?? "GET").toUpperCase();
    let path = url.pathname;
    let basePath = "";
    if (path === "/api/v3" || path.startsWith("/api/v3/")) {
      basePath = "/api/v3";
      path = path.slice(7) || "/";
    }
    const started = Date.now();
    let status = 0;
    try {
      if (path === "/health" || path.startsWith("/_emulator/") || path === "/_emulator") {
        const response = await this.dispatchControl(req, method, path, url, id);
        status = response.status;
        this.send(res, method, response, null);
        return;
      }
      const fault = this.emu.faults.take(method, path);
      if (fault) {
        this.emu.counters.recordFault();
        if (fault.type === "latency") await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
        if (fault.type === "reset") {
          this.emu.counters.record(`${method} (fault: reset)`, 0, false);
          req.socket.destroy();
          return;
        }
        if (fault.type === "status") {
          const response = this.faultResponse(fault, id);
          status = response.status;
          this.emu.counters.record(`${method} (fault: status)`, status, false);
          this.send(res, method, response, null);
          return;
        }
      }
      const rawBody = await readBody(req);
      this.emu.engine.tick();
      const apiRequest: ApiRequest = {
        method,
        path,
        basePath,
        query: url.searchParams,
        headers: req.headers,
        params: {},
        rawBody,
        auth: null,
        apiVersion: DEFAULT_API_VERSION,
        requestId: id,
        rateKey: `ip:${req.socket.remoteAddress ?? "unknown"}`,
      };
      // Web pages share github.com's paths (`/{owner}/{repo}`…), so they only get what the API does not serve.
      const web =
        basePath === ""
          ? (this.web.match(method, path) ??
            (this.api.match(method, path) === null ? this.pages.match(method, path) : null))
          : null;
      const response =
        web && web !== "method"
          ? await this.runWeb(apiRequest, web.route.handler, web.params)
          : await this.runApi(apiRequest, req.socket.remoteAddress ?? "unknown");
      status = response.status;
      if (fault?.type === "drop_response") {
        this.emu.counters.record(`${method} (fault: drop_response)`, 0, false);
        req.socket.destroy();
        return;
      }
      this.send(res, method, response, fault?.type === "malformed_json" ? fault : null);
    } catch (error) {
      status = 500;
      // A client that gave up (its timeout during a latency fault) is not the emulator's error.
      if (req.destroyed || (error instanceof Error && error.message === "aborted")) return;
      this.emu.options.logger.error("github-emulator: unhandled error", error);
      if (!res.headersSent) this.send(res, method, githubError(500, "Server Error"), null);
    } finally {
      this.onChange();
      if (this.emu.options.log) {
        this.emu.options.logger.info(
          `${method} ${url.pathname}${url.search} → ${status} (${Date.now() - started} ms)`,
        );
      }
    }
  }

  private async dispatchControl(req: IncomingMessage, method: string, path: string, url: URL, id: string) {
    const rawBody = await readBody(req);
    this.emu.engine.tick();
    const match = this.control.match(method, path === "/health" ? "/_emulator/health" : path);
    if (!match)
      return githubError(404, "Not Found", "https://github.com/acme/switchyard/tree/main/github-emulator");
    if (match === "method") return githubError(405, `Method ${method} not allowed on ${path}`);
    const request: ApiRequest = {
      method,
      path,
      basePath: "",
      query: url.searchParams,
      headers: req.headers,
      params: match.params,
      rawBody,
      auth: null,
      apiVersion: DEFAULT_API_VERSION,
      requestId: id,
      rateKey: "",
    };
    try {
      return await match.route.handler(request);
    } catch (error) {
      if (error instanceof HttpError) return error.response;
      throw error;
    }
  }

  private faultResponse(fault: FaultRule, id: string): ApiResponse {
    const defaults: Record<number, string> = {
      500: "Server Error",
      502: "Server Error",
      503: "Service Unavailable",
      504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
      403: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      429: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    };
    const body = fault.body ?? {
      message: defaults[fault.status] ?? "Injected fault",
      documentation_url: "https://docs.github.com/rest",
      status: String(fault.status),
    };
    return {
      status: fault.status,
      ...(typeof body === "string" ? { text: body } : { body }),
      headers: { "x-github-request-id": id, ...fault.headers },
    };
  }

  private async runWeb(
    req: ApiRequest,
    handler: (r: ApiRequest) => ApiResponse | Promise<ApiResponse>,
    params: Record<string, string>,
  ) {
    req.params = params;
    try {
      return await handler(req);
    } catch (error) {
      if (error instanceof HttpError) return error.response;
      throw error;
    }
  }

  private async runApi(req: ApiRequest, remoteAddress: string): Promise<ApiResponse> {
    const emu = this.emu;
    const common: Record<string, string> = {
      "x-github-request-id": req.requestId,
      "x-github-media-type": "github.v3; format=json",
      "access-control-allow-origin": "*",
      "access-control-expose-headers": EXPOSED_HEADERS,
    };
    const method = req.method;
    if (method === "OPTIONS") {
      return {
        status: 204,
        headers: {
          ...common,
          "access-control-allow-headers":
            "Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Accept-Encoding, X-GitHub-OTP, X-Requested-With, User-Agent, X-GitHub-Api-Version",
          "access-control-allow-methods": "GET, POST, PATCH, PUT, DELETE",
        },
      };
    }
    const match = this.api.match(method, req.path);
    const routeKey =
      match && match !== "method" ? `${method} ${match.route.template}` : `${method} (unmatched)`;
    const finish = (
      response: ApiResponse,
      counted: boolean,
      rate?: Record<string, string>,
      limitKey?: string,
    ): ApiResponse => {
      emu.counters.record(routeKey, response.status, counted);
      if (counted && limitKey) emu.counters.recordCounted(limitKey, routeKey);
      return { ...response, headers: { ...common, ...rate, ...response.headers } };
    };

    const now = emu.clock.now();
    const token = tokenFromAuthorization(
      typeof req.headers.authorization === "string" ? req.headers.authorization : undefined,
    );
    const auth = token ? emu.tokens.authenticate(token) : null;
    const principal = auth ? `user:${auth.user.id}` : `ip:${remoteAddress}`;
    const principalRate = () => this.rateHeaders(principal, auth ? emu.settings.primaryRateLimit : 60, now);

    if (!req.headers["user-agent"]) {
      const text = {
        status: 403,
        text: USER_AGENT_REQUIRED,
        headers: { "content-type": "text/plain; charset=utf-8" },
      };
      return finish(text, false, principalRate());
    }
    const requestedVersion = req.headers["x-github-api-version"];
    if (typeof requestedVersion === "string" && requestedVersion !== "") {
      if (!SUPPORTED_API_VERSIONS.includes(requestedVersion)) {
        return finish(
          githubError(
            400,
            `The '${requestedVersion}' API version is not supported. Supported versions are: ${SUPPORTED_API_VERSIONS.join(", ")}.`,
            "https://docs.github.com/rest/about-the-rest-api/api-versions",
          ),
          false,
          principalRate(),
        );
      }
      req.apiVersion = requestedVersion;
    }
    common["x-github-api-version-selected"] = req.apiVersion;
    if (token !== undefined && !auth) return finish(badCredentials(), false, principalRate());
    req.auth = auth;
    const user = req.auth?.user ?? null;
    const limitKey = user ? `user:${user.id}` : `ip:${remoteAddress}`;
    const limit = user ? emu.settings.primaryRateLimit : 60;
    req.rateKey = limitKey;
    if (req.auth) {
      const t = req.auth.token;
      if (t.kind !== "github_app") {
        common["x-oauth-scopes"] = t.scopes.join(", ");
        common["x-accepted-oauth-scopes"] = "";
      }
      if (t.expiresAt !== null)
        common["github-authentication-token-expiration"] = formatExpiration(t.expiresAt);
    }

    if (!match || match === "method") {
      return this.countAndFinish(notFound(), limitKey, limit, now, true, finish);
    }
    req.params = match.params;
    const options = match.route.options;
    if (options.auth === "required" && !user) {
      return finish(requiresAuthentication(), false, this.rateHeaders(limitKey, limit, now));
    }
    const status = emu.rateLimiter.status(limitKey, limit, now);
    if (!options.uncounted && status.remaining <= 0) {
      const who = user ? `user ID ${user.id}` : remoteAddress;
      return finish(
        githubError(
          emu.settings.primaryLimitStatus,
          `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID ${req.requestId}.`,
          "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        ),
        false,
        this.rateHeaders(limitKey, limit, now),
      );
    }
    if (options.creates && user) {
      const retryAfter = emu.rateLimiter.tryCreate(limitKey, emu.settings.secondaryCreateLimitPerMinute, now);
      if (retryAfter !== null) {
        const response = githubError(
          emu.settings.secondaryLimitStatus,
          `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${req.requestId}.`,
          "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        );
        response.headers = { "retry-after": String(retryAfter) };
        return this.countAndFinish(response, limitKey, limit, now, !options.uncounted, finish);
      }
    }

    let response: ApiResponse;
    try {
      response = await match.route.handler(req);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      response = error.response;
    }

    if ((method === "GET" || method === "HEAD") && response.status === 200 && response.text === undefined) {
      const serialized = JSON.stringify(response.body ?? null);
      const etag = etagOf(serialized);
      const cacheHeaders = {
        etag,
        "cache-control": user ? "private, max-age=60, s-maxage=60" : "public, max-age=60, s-maxage=60",
        vary: "Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding",
      };
      const ifNoneMatch = req.headers["if-none-match"];
      if (etagMatches(typeof ifNoneMatch === "string" ? ifNoneMatch : undefined, etag)) {
        // Conditional hits are free: they do not count against the primary limit.
        return finish({ status: 304, headers: cacheHeaders }, false, this.rateHeaders(limitKey, limit, now));
      }
      response = { ...response, text: serialized, headers: { ...cacheHeaders, ...response.headers } };
    }
    return this.countAndFinish(response, limitKey, limit, now, !options.uncounted, finish);
  }

  private countAndFinish(
    response: ApiResponse,
    key: string,
    limit: number,
    now: number,
    counted: boolean,
    finish: (
      response: ApiResponse,
      counted: boolean,
      rate?: Record<string, string>,
      limitKey?: string,
    ) => ApiResponse,
  ): ApiResponse {
    if (counted) this.emu.rateLimiter.consume(key, now);
    return finish(response, counted, this.rateHeaders(key, limit, now), key);
  }

  private rateHeaders(key: string, limit: number, now: number): Record<string, string> {
    const status = this.emu.rateLimiter.status(key, limit, now);
    return {
      "x-ratelimit-limit": String(status.limit),
      "x-ratelimit-remaining": String(status.remaining),
      "x-ratelimit-used": String(status.used),
      "x-ratelimit-reset": String(status.reset),
      "x-ratelimit-resource": "core",
    };
  }

  private send(
    res: ServerResponse,
    method: string,
    response: ApiResponse,
    malformed: FaultRule | null,
  ): void {
    const headers: Record<string, string> = { ...response.headers };
    let payload: string | undefined;
    if (response.status === 304 || response.status === 204) payload = undefined;
    else if (response.text !== undefined) payload = response.text;
    else if (response.body !== undefined) payload = JSON.stringify(response.body);
    const hasContentType = Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
    if (payload !== undefined && !hasContentType) headers["content-type"] = "application/json; charset=utf-8";
    if (payload !== undefined && malformed) {
      // Cut the document in half: valid headers, broken JSON.
      payload = `${payload.slice(0, Math.max(1, Math.floor(payload.length / 2)))}`;
      if (payload.trim().endsWith("}")) payload = `${payload}{`;
    }
    if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload));
    res.writeHead(response.status, headers);
    res.end(method === "HEAD" ? undefined : payload);
  }
}

/** Starts the emulator in-process. Port 0 picks a free port. */
export async function startEmulator(partial: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  const options = resolveOptions(partial);
  const persistence = options.stateFile ? new Persistence(options.stateFile) : null;
  const saved = persistence?.load(options) ?? undefined;
  const emulator = new Emulator(options, saved);
  const pipeline = new RequestPipeline(emulator, () => persistence?.scheduleSave(emulator));
  const server = createServer((req, res) => {
    void pipeline.handle(req, res);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host}:${port}`;
  emulator.publicUrl = (options.publicUrl ?? url).replace(/\/+$/, "");
  persistence?.scheduleSave(emulator);
  let closed = false;
  return {
    url,
    port,
    state: emulator,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      persistence?.flush(emulator);
    },
  };
}

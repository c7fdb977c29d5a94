import { RequestError } from "@octokit/request-error";
import { describe, expect, it } from "vitest";
import { GitHubError, toGitHubError } from "./errors";

const request = {
  method: "POST" as const,
  url: "https://api.github.com/agents/repos/acme/web/tasks",
  headers: {},
};

function httpError(status: number, data: unknown, headers: Record<string, string> = {}) {
  const message = typeof data === "object" && data && "message" in data ? String(data.message) : "error";
  return new RequestError(message, status, {
    request,
    response: { status, url: request.url, headers, data },
  });
}

describe("toGitHubError", () => {
  it("401 → signed_out", () => {
    const error = toGitHubError(httpError(401, { message: "Bad credentials" }));
    expect(error).toBeInstanceOf(GitHubError);
    expect(error.kind).toBe("signed_out");
    expect(error.status).toBe(401);
    expect(error.message).toBe("Your GitHub sign-in has expired or was revoked. Sign in again.");
  });

  it("403 with x-ratelimit-remaining 0 → rate_limited with retryAt from reset", () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    const error = toGitHubError(
      httpError(
        403,
        { message: "API rate limit exceeded for user ID 1." },
        {
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": String(reset),
        },
      ),
    );
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAt?.getTime()).toBe(reset * 1000);
    expect(error.message).toContain(new Date(reset * 1000).toISOString().slice(0, 19));
  });

  it("429 with retry-after → rate_limited", () => {
    const before = Date.now();
    const error = toGitHubError(httpError(429, { message: "Too many requests" }, { "retry-after": "30" }));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAt!.getTime()).toBeGreaterThanOrEqual(before + 30_000);
  });

  it("403 secondary rate limit message → rate_limited, even on task creation", () => {
    const error = toGitHubError(
      httpError(
        403,
        { message: "You have exceeded a secondary rate limit. Please wait." },
        { "retry-after": "60" },
      ),
      { owner: "acme", repo: "web", operation: "startTask" },
    );
    expect(error.kind).toBe("rate_limited");
    expect(error.message).toMatch(/Try again after \d{4}-/);
  });

  it("other 403 on task creation → no_copilot_access naming the repo", () => {
    const error = toGitHubError(httpError(403, { message: "Resource not accessible" }), {
      owner: "acme",
      repo: "web",
      operation: "startTask",
    });
    expect(error.kind).toBe("no_copilot_access");
    expect(error.message).toMatch(
      /^You don't have a Copilot seat, or Copilot cloud agent is disabled for acme\/web\. Ask an org admin/,
    );
  });

  it("other 403 elsewhere → forbidden", () => {
    expect(toGitHubError(httpError(403, { message: "nope" }), { operation: "listRepoTasks" }).kind).toBe(
      "forbidden",
    );
  });

  it("404 → not_found naming the repo", () => {
    const error = toGitHubError(httpError(404, { message: "Not Found" }), { owner: "acme", repo: "secret" });
    expect(error.kind).toBe("not_found");
    expect(error.message).toContain("acme/secret doesn't exist or your GitHub account can't see it");
  });

  it("422 → invalid_input listing field messages", () => {
    const error = toGitHubError(
      httpError(422, {
        message: "Validation Failed",
        errors: [
          { resource: "Task", field: "model", code: "invalid", message: "model is not supported" },
          { resource: "Task", field: "prompt", code: "missing_field" },
        ],
      }),
    );
    expect(error.kind).toBe("invalid_input");
    expect(error.fieldErrors).toEqual([
      { field: "model", code: "invalid", message: "model is not supported" },
      { field: "prompt", code: "missing_field" },
    ]);
    expect(error.message).toContain("model: model is not supported");
    expect(error.message).toContain("prompt is required");
  });

  it.each([500, 502, 503, 504])("%i → unavailable", (status) => {
    expect(toGitHubError(httpError(status, { message: "Server Error" })).kind).toBe("unavailable");
  });

  it("network error (RequestError 500 without response) → unavailable", () => {
    const error = new RequestError("connect ECONNREFUSED 127.0.0.1:1", 500, { request });
    expect(toGitHubError(error).kind).toBe("unavailable");
  });

  it("timeouts and raw fetch failures → unavailable", () => {
    const abort = new Error("The operation was aborted");
    abort.name = "AbortError";
    expect(toGitHubError(abort).kind).toBe("unavailable");
    expect(toGitHubError(new TypeError("fetch failed")).kind).toBe("unavailable");
  });

  it("malformed JSON bodies: error status with a text body, and SyntaxError", () => {
    const error = toGitHubError(httpError(502, "<html>Bad gateway</html>"));
    expect(error.kind).toBe("unavailable");
    expect(toGitHubError(new SyntaxError("Unexpected token <")).kind).toBe("unavailable");
    expect(toGitHubError(httpError(422, "{not json")).kind).toBe("invalid_input");
  });

  it("never leaks tokens in messages", () => {
    const token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
    const unknown = toGitHubError(new Error(`failed with Authorization: token ${token}`));
    expect(unknown.kind).toBe("unknown");
    expect(unknown.message).not.toContain(token);
    const teapot = toGitHubError(httpError(418, { message: `bad ${token}` }));
    expect(teapot.kind).toBe("unknown");
    expect(teapot.message).not.toContain(token);
  });

  it("passes GitHubError through unchanged", () => {
    const original = new GitHubError("forbidden", "x");
    expect(toGitHubError(original)).toBe(original);
  });
});

/**
 * How the browser reads Switchyard's JSON routes and server-action reads: one fetch wrapper and one
 * error that carries the API's failure code and message, so every query shows failures the same
 * way. Client-safe.
 */
import { isErrorCode, type ActionResult, type ErrorCode } from "@/lib/result";

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The HTTP status, for answers from a route. */
    readonly status?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** A route that answered without a known code: the code its status stands for. */
function codeForStatus(status: number): ErrorCode {
  if (status === 400) return "invalid_input";
  if (status === 401) return "signed_out";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 422) return "failed";
  if (status === 429) return "rate_limited";
  if (status >= 502 && status <= 504) return "unavailable";
  return "unknown";
}

const NOT_JSON = Symbol("not json");

/** GETs `url` as JSON; a failure is an ApiError with the route's `code` and `message`. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch {
    throw new ApiError("unavailable", "Switchyard did not answer. Check your connection and try again.");
  }
  const body: unknown = await response.json().catch(() => NOT_JSON);
  if (!response.ok) {
    const { code, message } = (typeof body === "object" && body !== null ? body : {}) as {
      code?: unknown;
      message?: unknown;
    };
    throw new ApiError(
      isErrorCode(code) ? code : codeForStatus(response.status),
      typeof message === "string" && message ? message : `Request failed (${response.status}).`,
      response.status,
    );
  }
  if (body === NOT_JSON)
    throw new ApiError("unknown", "Switchyard's answer could not be read.", response.status);
  return body as T;
}

/** What a server action used as a read returns. */
export type ReadResult<T> = ActionResult<T>;

/** A read through a server action: its data, or its failure thrown as an ApiError. */
export function dataOrThrow<T>(result: ReadResult<T>): T {
  if (result.ok) return result.data;
  throw new ApiError(result.code, result.message);
}

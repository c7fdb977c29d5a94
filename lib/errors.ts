/**
 * An expected failure raised deep in a data function (a crafted cursor, a cap reached), carrying
 * one of the shared codes so the route or action on top answers with that code and its status
 * instead of a 500. Client-safe, worker-safe.
 */
import { fail, type ActionFailure, type ErrorCode } from "@/lib/actions/result";

export class FailureError extends Error {
  readonly failure: ActionFailure;
  /** For rate_limited: when to try again (sent as Retry-After). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: Pick<ActionFailure, "fieldErrors"> & { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "FailureError";
    const { retryAfterSeconds, ...rest } = extra;
    this.failure = fail(code, message, rest);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

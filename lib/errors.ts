/**
 * Typed failures from thrown errors. A data function deep in a read raises FailureError with one of
 * the shared codes (a crafted cursor, a cap reached); GitHub's, the token provider's and Prisma's
 * errors map onto the same codes; anything else is logged without details and answered "unknown".
 * Actions (the kit), routes (jsonRoute) and the worker all turn errors into results here.
 * Worker-safe (no server-only).
 */
import { Prisma } from "@/generated/prisma/client";
import { GitHubError } from "@/lib/github/errors";
import { fail, type ActionFailure, type ErrorCode } from "@/lib/result";
import { TokenUnavailableError } from "@/lib/secrets/token-provider";

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

export function failureFromError(error: unknown): ActionFailure {
  if (error instanceof FailureError) return error.failure;
  if (error instanceof TokenUnavailableError) return fail("signed_out", error.message, { signInAgain: true });
  if (error instanceof GitHubError)
    return fail(error.kind, error.message, error.kind === "signed_out" ? { signInAgain: true } : {});
  // A unique constraint lost a race: someone else saved the same thing first.
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
    return fail("conflict", "Someone else saved this at the same moment. Reload and try again.");
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025")
    return fail("not_found", "That no longer exists. Reload the page.");
  console.error("unexpected error:", error instanceof Error ? error.message : "unknown");
  return fail("unknown", "Something went wrong on our side. Nothing was changed.");
}

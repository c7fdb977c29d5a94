/**
 * What every server action (and, through the same codes, every API route) returns. Expected failures
 * are values with a closed `code` and a message a person can act on; bugs are thrown. Client-safe.
 */

/** The closed set of failure codes, shared by actions, JSON routes and the API. */
export const ERROR_CODES = [
  /** The input is malformed or fails a rule; `fieldErrors` says where. Nothing changed. */
  "invalid_input",
  /** No (usable) session, or GitHub no longer accepts this person's sign-in. */
  "signed_out",
  /** Signed in, but not allowed to do this to this object. */
  "forbidden",
  /** GitHub refuses this person agent tasks (no Copilot seat). */
  "no_copilot_access",
  /** The object does not exist, or the caller may not know that it does. */
  "not_found",
  /** Someone else changed it first, or the name is taken. */
  "conflict",
  /** The object is in a state that does not allow this (e.g. only a draft can be edited). */
  "invalid_state",
  /** A repository policy refuses this start as it stands. */
  "policy",
  /** A hard monthly budget the start counts against is used up (lib/costs/budgets.ts). */
  "budget_exceeded",
  /** A start GitHub did not confirm: it may exist; Switchyard reconciles before starting again. */
  "outcome_unknown",
  /** GitHub's (or Switchyard's) rate limit: try again later. */
  "rate_limited",
  /** GitHub did not answer (5xx, timeout, reset). */
  "unavailable",
  /** The operation ran and did not succeed (e.g. none of the selected retries started). */
  "failed",
  /** An API Idempotency-Key sent again with another request: nothing ran. */
  "idempotency_mismatch",
  /** A bug on our side; nothing was changed. */
  "unknown",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ActionFailure = {
  ok: false;
  code: ErrorCode;
  message: string;
  fieldErrors?: Record<string, string[]>;
  /** The person must sign in again (GitHub revoked or expired their token). */
  signInAgain?: boolean;
  /** What the person submitted, so the form can show it again: bad input never loses work. */
  values?: Record<string, string>;
};

export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

export function ok<T>(data: T): { ok: true; data: T } {
  return { ok: true, data };
}

export function fail(
  code: ErrorCode,
  message: string,
  extra: Pick<ActionFailure, "fieldErrors" | "signInAgain" | "values"> = {},
): ActionFailure {
  return { ok: false, code, message, ...extra };
}

/** The HTTP status a failure code maps to (JSON routes and /api/v1). */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  signed_out: 401,
  forbidden: 403,
  no_copilot_access: 403,
  policy: 403,
  budget_exceeded: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  failed: 422,
  idempotency_mismatch: 422,
  rate_limited: 429,
  unknown: 500,
  outcome_unknown: 502,
  unavailable: 503,
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

import type { ApiResponse } from "./types";

export const REST_DOCS = "https://docs.github.com/rest";

export interface ValidationIssue {
  resource?: string;
  field?: string;
  code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  message?: string;
  /** The rejected value (GitHub echoes it for invalid query parameters). */
  value?: string;
}

/** GitHub's error body: message, documentation_url and (since ~2024) the status as a string. */
export function githubError(
  status: number,
  message: string,
  documentationUrl = REST_DOCS,
  extra: Record<string, unknown> = {},
): ApiResponse {
  return { status, body: { message, ...extra, documentation_url: documentationUrl, status: String(status) } };
}

export const notFound = (documentationUrl = REST_DOCS): ApiResponse =>
  githubError(404, "Not Found", documentationUrl);

export const badCredentials = (): ApiResponse => githubError(401, "Bad credentials");

export const requiresAuthentication = (documentationUrl = REST_DOCS): ApiResponse =>
  githubError(401, "Requires authentication", documentationUrl);

export function validationFailed(errors: ValidationIssue[], documentationUrl = REST_DOCS): ApiResponse {
  return githubError(422, "Validation Failed", documentationUrl, { errors });
}

export const problemsParsingJson = (documentationUrl = REST_DOCS): ApiResponse =>
  githubError(400, "Problems parsing JSON", documentationUrl);

/** Thrown by handlers to short-circuit with an error response. */
export class HttpError extends Error {
  constructor(public readonly response: ApiResponse) {
    super(`HTTP ${response.status}`);
  }
}

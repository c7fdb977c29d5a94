/** What server actions return: expected failures are values with a kind and a message a person can act on. */
import { TokenUnavailableError } from "@/lib/auth/token-provider";
import { GitHubError } from "@/lib/github";

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      kind: string;
      message: string;
      fieldErrors?: Record<string, string[]>;
      signInAgain?: boolean;
      /** What the person submitted, so the form can show it again: bad input never loses work. */
      values?: Record<string, string>;
    };

/** A form's text fields (files dropped), kept so a failed action can give back what was typed. */
export function formValues(formData: FormData): Record<string, string> {
  return Object.fromEntries(
    [...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/** Turns a thrown error into a failure result; unexpected errors are logged without details. */
export function failure(error: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (error instanceof TokenUnavailableError) {
    return { ok: false, kind: "signed_out", message: error.message, signInAgain: true };
  }
  if (error instanceof GitHubError) {
    return { ok: false, kind: error.kind, message: error.message, signInAgain: error.kind === "signed_out" };
  }
  console.error("unexpected error in an action:", error instanceof Error ? error.message : "unknown");
  return { ok: false, kind: "unknown", message: "Something went wrong on our side. Nothing was changed." };
}

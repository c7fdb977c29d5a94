/**
 * @deprecated Settings only, until its move to the action kit lands: everything else uses
 * lib/actions/result.ts (a closed `code`) and lib/actions/failure.ts. Settings' results still say
 * `kind`; the union also accepts the kit's results, so the form helpers Settings shares with
 * campaigns (settings/_components/form-bits.tsx) take either.
 */
import { failureFromError } from "@/lib/actions/failure";
import type { ActionFailure } from "@/lib/actions/result";

type LegacyFailure = {
  ok: false;
  kind: string;
  message: string;
  fieldErrors?: Record<string, string[]>;
  signInAgain?: boolean;
  values?: Record<string, string>;
};

export type ActionResult<T> = { ok: true; data: T } | LegacyFailure | ActionFailure;

/** Turns a thrown error into a Settings failure (the kit's failureFromError, with `kind`). */
export function failure(error: unknown): LegacyFailure {
  const { code, message, signInAgain } = failureFromError(error);
  return { ok: false, kind: code, message, ...(signInAgain ? { signInAgain } : {}) };
}

/**
 * Turns a thrown error into a typed failure: GitHub's kinds map onto the shared codes, anything
 * unexpected is logged without details and reported as "unknown". Worker-safe (no server-only).
 */
import { Prisma } from "@/generated/prisma/client";
import { TokenUnavailableError } from "@/lib/auth/token-provider";
import { GitHubError } from "@/lib/github/errors";
import { fail, type ActionFailure } from "./result";

export function failureFromError(error: unknown): ActionFailure {
  if (error instanceof TokenUnavailableError) return fail("signed_out", error.message, { signInAgain: true });
  if (error instanceof GitHubError)
    return fail(error.kind, error.message, error.kind === "signed_out" ? { signInAgain: true } : {});
  // A unique constraint lost a race: someone else saved the same thing first.
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
    return fail("conflict", "Someone else saved this at the same moment. Reload and try again.");
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025")
    return fail("not_found", "That no longer exists. Reload the page.");
  console.error("unexpected error in an action:", error instanceof Error ? error.message : "unknown");
  return fail("unknown", "Something went wrong on our side. Nothing was changed.");
}

import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { signInWithGitHub } from "@/lib/auth/actions";
import { currentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

// Messages for Auth.js error codes and our own reasons, in words a person can act on.
const MESSAGES: Record<string, string> = {
  token_expired: "Your GitHub sign-in expired and could not be renewed. Sign in again to continue.",
  token_revoked: "GitHub no longer accepts your sign-in (it was revoked). Sign in again to continue.",
  OAuthCallbackError: "GitHub did not complete the sign-in. Try again.",
  AccessDenied: "GitHub sign-in was cancelled.",
  Configuration:
    "Sign-in is misconfigured on the server. Ask an admin to check AUTH_GITHUB_ID and AUTH_GITHUB_SECRET.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : "/";

  const reason =
    typeof params.reason === "string"
      ? params.reason
      : typeof params.error === "string"
        ? params.error
        : undefined;
  // Signed in already and nothing to explain: go where you were going.
  if (!reason && (await currentUser())) redirect(callbackUrl.startsWith("/") ? callbackUrl : "/");
  const message = reason ? (MESSAGES[reason] ?? "Sign-in did not complete. Try again.") : undefined;

  return (
    <div className="max-w-2xl">
      <PageHeader
        title="Sign in to Switchyard"
        description="Switchyard uses your own GitHub identity: tasks you launch or act on are attributed to you, and you only see repositories your GitHub account can access."
      />
      {message ? (
        <p
          role="alert"
          className="mb-6 rounded-lg border border-needs-human bg-needs-human-soft p-4 text-sm text-fg"
        >
          {message}
        </p>
      ) : null}
      {params.signedOut ? (
        <p role="status" className="mb-6 text-sm text-fg-muted">
          You are signed out.
        </p>
      ) : null}
      <form action={signInWithGitHub}>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <Button type="submit" variant="primary" size="lg">
          Sign in with GitHub
        </Button>
      </form>
    </div>
  );
}

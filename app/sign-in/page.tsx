import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { accessPolicyFrom, endedMessage, isRefusalReason, refusalMessage } from "@/lib/auth/access";
import { safeRedirectPath } from "@/lib/auth/redirect";
import { currentUser, endedAccess } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { signInAction } from "./actions";
import { Button } from "@/components/ui/button";

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
  const env = getEnv();
  const policy = accessPolicyFrom(env);
  // Only ever a path on this site: a crafted callbackUrl must not send a signed-in person elsewhere.
  const callbackUrl = safeRedirectPath(params.callbackUrl ?? "/", env.AUTH_URL);

  const reason =
    typeof params.reason === "string"
      ? params.reason
      : typeof params.error === "string"
        ? params.error
        : undefined;
  // Signed in already and nothing to explain: go where you were going.
  if (!reason && (await currentUser())) redirect(callbackUrl);
  // The organisation named in a refusal is shown only if it is one we allow (the URL is not trusted).
  const org =
    typeof params.org === "string" && policy.allowedOrgs.includes(params.org.toLowerCase())
      ? params.org.toLowerCase()
      : null;
  const ended = !reason && !params.signedOut ? await endedAccess() : null;
  const message = reason
    ? isRefusalReason(reason)
      ? refusalMessage(reason, policy, org)
      : (MESSAGES[reason] ?? "Sign-in did not complete. Try again.")
    : ended
      ? endedMessage(ended.reason, policy, ended.org)
      : undefined;

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
      <form action={signInAction}>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <Button type="submit" variant="primary" size="lg">
          Sign in with GitHub
        </Button>
      </form>
      {policy.allowedOrgs.length ? (
        <p className="mt-4 text-sm text-fg-muted">
          Open to members of {policy.allowedOrgs.join(", ")}
          {policy.allowOutsideCollaborators ? " and collaborators on its repositories" : ""}.
        </p>
      ) : null}
    </div>
  );
}

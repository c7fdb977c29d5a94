import Link from "next/link";
import { Button, buttonVariants } from "@/components/ui/button";
import type { SignedInUser } from "@/lib/auth/session";

/** `signOutAction` is the shell's sign-out action (app/(portal)/actions.ts), passed in by the layout. */
export function UserMenu({
  user,
  signOutAction,
}: {
  user: SignedInUser | null;
  signOutAction: (formData: FormData) => Promise<void>;
}) {
  if (!user) {
    return (
      <Link href="/sign-in" className={buttonVariants({ className: "font-medium" })}>
        Sign in
      </Link>
    );
  }
  return (
    <div className="flex items-center gap-2 xl:gap-3">
      {user.image ? (
        // Avatars come from the configured GitHub host; next/image would need each host allow-listed.
        // eslint-disable-next-line @next/next/no-img-element
        <img src={user.image} alt="" width={28} height={28} className="rounded-full border border-line" />
      ) : null}
      <Link
        href="/preferences"
        title="Your preferences"
        className="text-sm font-medium text-fg hover:underline"
        data-testid="signed-in-login"
      >
        {user.login}
        {user.role === "admin" ? (
          <span className="ml-1 hidden text-xs text-fg-muted 2xl:inline">(admin)</span>
        ) : null}
        <span className="sr-only"> (your preferences)</span>
      </Link>
      {/* Also on /preferences, for narrower screens. */}
      <Link
        href="/tokens"
        className="hidden text-sm text-accent underline-offset-2 hover:underline 2xl:inline"
      >
        API tokens
      </Link>
      {/* Below xl, signing out is in the menu (MobileNav). */}
      <form action={signOutAction} className="hidden xl:block">
        <Button type="submit" className="font-medium">
          Sign out
        </Button>
      </form>
    </div>
  );
}

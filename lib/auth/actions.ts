"use server";

import { getEnv } from "@/lib/env";
import { signIn, signOut } from "./config";
import { safeRedirectPath } from "./redirect";

export async function signInWithGitHub(formData: FormData) {
  await signIn("github", {
    redirectTo: safeRedirectPath(formData.get("callbackUrl") ?? "/", getEnv().AUTH_URL),
  });
}

export async function signOutOfSwitchyard() {
  await signOut({ redirectTo: "/sign-in?signedOut=1" });
}

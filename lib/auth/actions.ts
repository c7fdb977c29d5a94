"use server";

import { z } from "zod";
import { signIn, signOut } from "./config";

const redirectSchema = z
  .string()
  .regex(/^\/(?!\/)[^\s]*$/, "must be a path on this site")
  .catch("/");

export async function signInWithGitHub(formData: FormData) {
  await signIn("github", { redirectTo: redirectSchema.parse(formData.get("callbackUrl") ?? "/") });
}

export async function signOutOfSwitchyard() {
  await signOut({ redirectTo: "/sign-in?signedOut=1" });
}

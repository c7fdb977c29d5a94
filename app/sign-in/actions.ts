"use server";

import { z } from "zod";
import { publicAction } from "@/lib/actions/kit";
import { signIn } from "@/lib/auth/config";

/** Only a path on this site (not `//host` or `/\host`): Auth.js then puts the base URL in front. */
const callbackSchema = z
  .string()
  .regex(/^\/(?![/\\])[^\s\\]*$/, "must be a path on this site")
  .catch("/");

/** Starts GitHub's sign-in; `callbackUrl` is where to return afterwards. */
export const signInAction = publicAction(
  z.object({ callbackUrl: callbackSchema.default("/") }),
  async ({ callbackUrl }) => {
    await signIn("github", { redirectTo: callbackUrl });
  },
);

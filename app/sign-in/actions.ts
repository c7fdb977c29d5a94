"use server";

import { z } from "zod";
import { publicAction } from "@/lib/actions/kit";
import { signIn } from "@/lib/auth/config";
import { safeRedirectPath } from "@/lib/auth/redirect";
import { getEnv } from "@/lib/env";

/** Starts GitHub's sign-in; `callbackUrl` is where to return afterwards, on this site only. */
export const signInAction = publicAction(
  z.object({ callbackUrl: z.string().max(2000).catch("/").default("/") }),
  async ({ callbackUrl }) => {
    await signIn("github", { redirectTo: safeRedirectPath(callbackUrl, getEnv().AUTH_URL) });
  },
);

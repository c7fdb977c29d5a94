import "server-only";
import NextAuth from "next-auth";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { switchyardAuthConfig } from "./auth-config";
import { keyringFromEnv, type Keyring } from "@/lib/secrets/token-cipher";

const env = getEnv();

function requireTokenKey(): Keyring {
  const keyring = keyringFromEnv(env);
  if (!keyring) {
    throw new Error("TOKEN_ENCRYPTION_KEY is required to store GitHub tokens (openssl rand -base64 32)");
  }
  return keyring;
}

export const { handlers, auth, signIn, signOut } = NextAuth(
  switchyardAuthConfig({ db, env, tokenKey: requireTokenKey() }),
);

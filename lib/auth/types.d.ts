import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      login: string;
      role: "admin" | "member";
      /** Why GitHub stopped accepting this person's token; null while it works. */
      tokenProblem: string | null;
    } & DefaultSession["user"];
  }
}

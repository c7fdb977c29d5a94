import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    "node_modules/**",
    ".next/**",
    "generated/**",
    ".data/**",
    "playwright-report/**",
    "test-results/**",
    "next-env.d.ts",
  ]),
  {
    // Playwright fixtures hand their value to `use`, which is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["warn", { allow: ["warn", "error", "info"] }],
    },
  },
  {
    // Dependencies point one way (see .dependency-cruiser.cjs for the rest, `npm run lint:deps`):
    // nothing imports a route, and a route's _components are private to it and its children.
    files: ["**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "e2e/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/app/",
              message: "Nothing imports a route: shared code lives in components/ or lib/.",
            },
            {
              regex: "^(\\.\\./)+(?!_components/)[^./][^/]*/(.*/)?_components/",
              message: "Another route's _components are private to it: move what is shared to components/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.{js,jsx,mjs,ts,tsx,mts,cts}"],
    // The CSP allows inline scripts (lib/security-headers.ts): raw HTML must never reach a page.
    rules: { "react/no-danger": "error" },
  },
]);

/**
 * Zod compiles object parsers with `new Function` unless told not to, and probes for it first; our
 * Content-Security-Policy has no 'unsafe-eval' (lib/security-headers.ts), so the browser reported
 * that probe as a CSP violation on every page that validates a form (Lighthouse's inspector issue
 * on /launch and the campaign page). `jitless` skips the probe and the compiled parsers: our forms
 * are small. Imported first by the root Providers, so it runs before any schema parses.
 */
import { config } from "zod/v4/core";

config({ jitless: true });

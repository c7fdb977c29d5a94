import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
// The browser must use the same host as AUTH_URL, or the OAuth state cookie is lost (docs/stack-traps.md §4).
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "./e2e",
  // Tests run side by side (a spec whose tests depend on each other says `mode: "default"`). What a
  // test changes in the shared emulator is put back (the emulator fixture); a test that changes
  // something every other test relies on, such as a person's GitHub tokens, takes the
  // "-exclusive-" lock and runs alone.
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"], ["html", { open: "never" }]],
  // Two workers share the machine (often with other jobs) with the app, its worker and Postgres.
  timeout: 60_000,
  // A server action that calls the emulator can take several seconds when the machine is busy.
  expect: { timeout: 10_000 },
  use: {
    ...devices["Desktop Chrome"],
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
      ],
    },
  },
  projects: [
    // Signs each demo person in once through GitHub and saves the session (e2e/.auth/<login>.json).
    { name: "setup", testMatch: /auth\.setup\.ts$/, teardown: "logs" },
    { name: "specs", dependencies: ["setup"], testIgnore: /phone\.spec\.ts$/ },
    // The phone layout: the compact navigation and the key pages at a phone's width.
    { name: "phone", dependencies: ["setup"], testMatch: /phone\.spec\.ts$/, use: { ...devices["Pixel 7"] } },
    // Runs after every project that depends on setup, whatever their results.
    { name: "logs", testMatch: /logs\.teardown\.ts$/ },
  ],
  webServer: {
    command: "tsx scripts/e2e-server.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});

import { optionsFromEnv } from "./core/options";
import { startEmulator } from "./server";

/** CLI entry: `npm run emulator`. Configuration comes from GITHUB_EMULATOR_* variables (see README). */
async function main(): Promise<void> {
  const emulator = await startEmulator(optionsFromEnv());
  console.info(`github-emulator listening on ${emulator.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`github-emulator: error while stopping on ${signal}`, error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error("github-emulator failed to start:", error);
  process.exit(1);
});

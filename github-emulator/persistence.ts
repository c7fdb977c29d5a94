import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname } from "node:path";
import type { Emulator } from "./core/emulator";
import type { EmulatorOptions } from "./core/options";
import type { EmulatorData } from "./core/store";
import { addMissingSeed, settingsFromOptions } from "./seed";

const SAVE_DEBOUNCE_MS = 250;

/**
 * Persists the whole state as JSON (debounced on change, and on close) so a dev restart keeps
 * signed-in users' tokens and tasks. Settings come from the options on every start: configuration
 * wins over what the control API changed at runtime.
 */
export class Persistence {
  private timer: NodeJS.Timeout | null = null;
  private savedRevision = -1;

  constructor(private readonly file: string) {}

  load(options: EmulatorOptions): EmulatorData | undefined {
    if (!existsSync(this.file)) return undefined;
    try {
      const data = JSON.parse(readFileSync(this.file, "utf8")) as EmulatorData;
      if (data.version !== 1 || !Array.isArray(data.tasks)) throw new Error("unknown state file version");
      data.settings = { ...settingsFromOptions(options), scenarioWeights: data.settings.scenarioWeights };
      return addMissingSeed(data, options);
    } catch (error) {
      options.logger.warn(`github-emulator: ignoring unreadable state file ${this.file}: ${String(error)}`);
      return undefined;
    }
  }

  scheduleSave(emulator: Emulator): void {
    if (emulator.store.revision === this.savedRevision || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush(emulator);
    }, SAVE_DEBOUNCE_MS);
    this.timer.unref();
  }

  flush(emulator: Emulator): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const revision = emulator.store.revision;
    if (revision === this.savedRevision) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    // Write then rename so a crash never leaves a half-written state file.
    writeFileSync(temporary, JSON.stringify(emulator.snapshot()));
    renameSync(temporary, this.file);
    this.savedRevision = revision;
  }
}

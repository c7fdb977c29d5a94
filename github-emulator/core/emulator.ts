import { TokenService } from "./auth";
import { Clock } from "./clock";
import type { EmulatorOptions } from "./options";
import { PullActivity } from "./pulls";
import { Store, type EmulatorData, type RuntimeSettings } from "./store";
import { TaskEngine } from "./tasks";
import { Counters } from "../http/counters";
import { FaultInjector } from "../http/faults";
import { RateLimiter } from "../http/rate-limit";
import { TaskShapes } from "../routes/task-shapes";
import { buildSeedData, seedTasks } from "../seed";

/** All emulator state and services; routes receive this. */
export class Emulator {
  readonly clock: Clock;
  store!: Store;
  engine!: TaskEngine;
  pulls!: PullActivity;
  tokens!: TokenService;
  taskShapes!: TaskShapes;
  readonly rateLimiter = new RateLimiter();
  readonly faults: FaultInjector;
  readonly counters = new Counters();
  /** Set once the server listens (or from options.publicUrl). */
  publicUrl = "";

  constructor(
    readonly options: EmulatorOptions,
    data?: EmulatorData,
  ) {
    this.clock = new Clock(options.now);
    this.faults = new FaultInjector(options.seed);
    if (data) this.load(data);
    else this.reset();
  }

  get settings(): RuntimeSettings {
    return this.store.data.settings;
  }

  private wire(data: EmulatorData): void {
    this.clock.offsetMs = data.clockOffsetMs;
    this.store = new Store(data);
    const settings = () => this.store.data.settings;
    this.pulls = new PullActivity(this.store, this.clock, settings);
    this.engine = new TaskEngine(this.store, this.clock, settings, this.pulls);
    this.tokens = new TokenService(this.store, this.clock, settings);
    this.taskShapes = new TaskShapes(this.store, this.engine);
  }

  /**
   * Back to the seed: fresh users, repos, tasks; tokens, faults, counters and limits are cleared.
   * `keepTokens` keeps issued tokens (and refresh tokens) valid, so signed-in apps stay signed in.
   */
  reset({ keepTokens = false }: { keepTokens?: boolean } = {}): void {
    const tokens = keepTokens && this.store ? this.store.data.tokens : [];
    this.clock.offsetMs = 0;
    const now = this.clock.now();
    const data = buildSeedData(this.options, now);
    data.tokens.push(...tokens);
    this.wire(data);
    if (this.options.seedTasks) seedTasks(this.store, this.engine, now, this.options.seed);
    this.rateLimiter.reset();
    this.faults.clear();
    this.counters.reset();
    this.store.touch();
  }

  load(data: EmulatorData): void {
    this.wire(data);
    this.engine.tick();
  }

  snapshot(): EmulatorData {
    this.store.data.clockOffsetMs = this.clock.offsetMs;
    return this.store.data;
  }
}

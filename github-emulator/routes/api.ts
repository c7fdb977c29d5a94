import type { Emulator } from "../core/emulator";
import { Router } from "../http/router";
import { registerAgentTaskRoutes } from "./agent-tasks";
import { registerPullRoutes } from "./pulls";
import { registerRepoRoutes } from "./repos";
import { registerUserRoutes } from "./users";

/** Every REST route the emulator serves (also under /api/v3). */
export function apiRouter(emu: Emulator): Router {
  const router = new Router();
  registerUserRoutes(router, emu);
  registerRepoRoutes(router, emu);
  registerPullRoutes(router, emu);
  registerAgentTaskRoutes(router, emu);
  return router;
}

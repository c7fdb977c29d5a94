// Loaded with `node --require` for Prisma CLI commands only: the wasm schema engine leaves
// 10 s / 60 s timers pending after its work is done, which keeps the CLI alive for a minute.
const originalSetTimeout = global.setTimeout;
global.setTimeout = function (fn, ms, ...args) {
  const timer = originalSetTimeout(fn, ms, ...args);
  if (typeof ms === "number" && ms >= 5000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};

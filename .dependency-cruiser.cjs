/**
 * Dependency rules (npm run lint:deps): dependencies point one way (app → components → lib), no
 * import cycles between files or between lib's folders, and the worker never reaches web-only code.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "no-file-cycles",
      comment: "A cycle between files makes load order matter and hides a missing module.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-lib-folder-cycles",
      comment: "lib's folders form layers: if a imports b, b never imports a (even through others).",
      severity: "error",
      scope: "folder",
      from: { path: "^lib/" },
      to: { path: "^lib/", circular: true },
    },
    {
      name: "lib-below-ui",
      comment: "lib holds logic; UI (components, app) sits on top of it, never below.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(components|app)/" },
    },
    {
      name: "components-below-routes",
      comment: "Shared components are used by routes, never the other way round.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "worker-stays-off-the-web",
      comment:
        "The worker builds its own Prisma client and injects it: nothing it loads may import lib/db.ts " +
        "(the web app's singleton) or server-only (which throws outside React's server environment).",
      severity: "error",
      from: { path: "^worker/index\\.ts$" },
      to: { path: "^(lib/db\\.ts$|node_modules/server-only/)", reachable: true },
    },
  ],
  options: {
    // Packages and Prisma's generated client are nodes (so rules can name them) but are not walked.
    doNotFollow: { path: ["node_modules", "^generated/"] },
    exclude: { path: ["(^|/)(\\.next|\\.data)/", "\\.test\\.tsx?$"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

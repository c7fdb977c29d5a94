import type { Emulator } from "../core/emulator";
import type { RepoRecord } from "../core/model";
import { githubError, notFound, validationFailed } from "../http/errors";
import { lenientPaging } from "../http/pagination";
import type { Router } from "../http/router";
import type { ApiRequest } from "../http/types";
import { compareBy, listResponse, shapeContext } from "./context";
import {
  email,
  organizationSimple,
  orgMembership,
  privateUser,
  publicUser,
  repositoryShape,
  simpleUser,
} from "./shapes";

function hasScope(req: ApiRequest, ...wanted: string[]): boolean {
  const token = req.auth?.token;
  if (!token) return false;
  // GitHub App user tokens have no scopes: access follows the app's permissions (all granted here).
  if (token.kind === "github_app") return true;
  return token.scopes.some((s) => wanted.includes(s));
}

export function sortRepos(repos: RepoRecord[], sort: string, direction: string | null): RepoRecord[] {
  const dir = direction === "asc" || direction === "desc" ? direction : sort === "full_name" ? "asc" : "desc";
  const key = (r: RepoRecord): string | number =>
    sort === "created"
      ? r.createdAt
      : sort === "updated"
        ? r.updatedAt
        : sort === "pushed"
          ? r.pushedAt
          : `${r.owner}/${r.name}`.toLowerCase();
  return [...repos].sort(compareBy(key, dir));
}

export function registerUserRoutes(router: Router, emu: Emulator): void {
  const required = { auth: "required" } as const;

  router.add(
    "GET",
    "/user",
    (req) => {
      const user = req.auth!.user;
      const ctx = shapeContext(emu, req);
      const body = hasScope(req, "user", "read:user")
        ? privateUser(ctx, emu.store, user)
        : publicUser(ctx, emu.store, user);
      return { status: 200, body, headers: { "last-modified": new Date(user.createdAt).toUTCString() } };
    },
    required,
  );

  router.add(
    "GET",
    "/user/emails",
    (req) => {
      if (!hasScope(req, "user", "user:email")) {
        return notFound(
          "https://docs.github.com/rest/users/emails#list-email-addresses-for-the-authenticated-user",
        );
      }
      return listResponse(emu, req, req.auth!.user.emails.map(email), lenientPaging(req.query));
    },
    required,
  );

  router.add(
    "GET",
    "/user/orgs",
    (req) => {
      const login = req.auth!.user.login;
      const orgs = emu.store.data.orgs.filter((o) => o.members[login] !== undefined);
      const ctx = shapeContext(emu, req);
      return listResponse(
        emu,
        req,
        orgs.map((o) => organizationSimple(ctx, o)),
        lenientPaging(req.query),
      );
    },
    required,
  );

  router.add(
    "GET",
    "/user/memberships/orgs/{org}",
    (req) => {
      const docs =
        "https://docs.github.com/rest/orgs/members#get-an-organization-membership-for-the-authenticated-user";
      // OAuth App and classic personal tokens need an org-reading scope; GitHub App user tokens
      // follow the app's "Members" permission (granted here).
      if (!hasScope(req, "read:org", "write:org", "admin:org", "user")) {
        return githubError(
          403,
          "You need at least read:org scope or user scope to list your organization memberships.",
          docs,
        );
      }
      const user = req.auth!.user;
      const org = emu.store.org(req.params.org ?? "");
      const role = org?.members[user.login];
      const pending = org?.pendingMembers?.[user.login];
      // Not affiliated (an outside collaborator included): 404, as GitHub does.
      if (!org || (role === undefined && pending === undefined)) return notFound(docs);
      const membership =
        role !== undefined
          ? { role, state: "active" as const }
          : { role: pending!, state: "pending" as const };
      return { status: 200, body: orgMembership(shapeContext(emu, req), org, user, membership) };
    },
    required,
  );

  router.add(
    "GET",
    "/user/repos",
    (req) => {
      const login = req.auth!.user.login;
      const q = req.query;
      const type = q.get("type");
      const visibility = q.get("visibility") ?? "all";
      const affiliation = (q.get("affiliation") ?? "owner,collaborator,organization_member").split(",");
      const docs = "https://docs.github.com/rest/repos/repos#list-repositories-for-the-authenticated-user";
      if (type && (q.has("visibility") || q.has("affiliation"))) {
        return githubError(422, "If you specify visibility or affiliation, you cannot specify type.", docs);
      }
      if (!["all", "public", "private"].includes(visibility)) {
        return validationFailed([{ resource: "Repository", field: "visibility", code: "invalid" }], docs);
      }
      const relation = (r: RepoRecord): "owner" | "collaborator" | "organization_member" | null => {
        if (r.ownerType === "User" && r.owner === login) return "owner";
        if (r.collaborators[login]) return "collaborator";
        if (
          r.ownerType === "Organization" &&
          emu.store.org(r.owner)?.members[login] &&
          emu.store.permission(login, r)
        ) {
          return "organization_member";
        }
        return null;
      };
      const repos = emu.store.data.repos.filter((r) => {
        const rel = relation(r);
        if (!rel) return false;
        if (type === "owner") return rel === "owner";
        if (type === "member") return rel !== "owner";
        if (type === "public") return r.visibility === "public";
        if (type === "private") return r.visibility !== "public";
        if (!affiliation.includes(rel)) return false;
        if (visibility === "public") return r.visibility === "public";
        if (visibility === "private") return r.visibility !== "public";
        return true;
      });
      const ctx = shapeContext(emu, req);
      const sorted = sortRepos(repos, q.get("sort") ?? "full_name", q.get("direction"));
      return listResponse(
        emu,
        req,
        sorted.map((r) => repositoryShape(ctx, emu.store, r, login)),
        lenientPaging(req.query),
      );
    },
    required,
  );

  router.add(
    "GET",
    "/orgs/{org}/teams/{team_slug}/members",
    (req) => {
      const docs = "https://docs.github.com/rest/teams/members#list-team-members";
      const org = emu.store.org(req.params.org ?? "");
      const caller = req.auth!.user.login;
      if (!org || org.members[caller] === undefined) return notFound(docs);
      const team = emu.store.team(org.login, req.params.team_slug ?? "");
      if (!team) return notFound(docs);
      const role = req.query.get("role") ?? "all";
      const logins = Object.entries(team.members)
        .filter(([, r]) => role === "all" || r === role)
        .map(([l]) => l)
        .sort();
      const ctx = shapeContext(emu, req);
      const members = logins.flatMap((l) => {
        const user = emu.store.user(l);
        return user ? [simpleUser(ctx, user)] : [];
      });
      return listResponse(emu, req, members, lenientPaging(req.query));
    },
    required,
  );

  router.add(
    "GET",
    "/rate_limit",
    (req) => {
      const now = emu.clock.now();
      const key = req.rateKey;
      const limit = req.auth ? emu.settings.primaryRateLimit : 60;
      const core = { ...emu.rateLimiter.status(key, limit, now) };
      const reset = Math.ceil(now / 1000) + 3600;
      const fresh = (l: number) => ({ limit: l, used: 0, remaining: l, reset });
      const resources = {
        core,
        search: { ...fresh(30), reset: Math.ceil(now / 1000) + 60 },
        graphql: fresh(5000),
        integration_manifest: fresh(5000),
        source_import: { ...fresh(100), reset: Math.ceil(now / 1000) + 60 },
        code_scanning_upload: fresh(1000),
        actions_runner_registration: fresh(10000),
        scim: fresh(15000),
        dependency_snapshots: { ...fresh(100), reset: Math.ceil(now / 1000) + 60 },
        code_search: { ...fresh(10), reset: Math.ceil(now / 1000) + 60 },
      };
      // 2026-03-10 removed the deprecated top-level `rate` (an alias of resources.core).
      const body = req.apiVersion >= "2026-03-10" ? { resources } : { resources, rate: core };
      return { status: 200, body };
    },
    { auth: "optional", uncounted: true },
  );
}

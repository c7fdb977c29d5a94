import type { Emulator } from "../core/emulator";
import type { RepoRecord } from "../core/model";
import { branchSha } from "../seed/repos";
import { jsonObject } from "../http/body";
import { githubError, HttpError, notFound, validationFailed } from "../http/errors";
import { lenientPaging } from "../http/pagination";
import type { Router } from "../http/router";
import type { ApiRequest, ApiResponse } from "../http/types";
import { listResponse, login, shapeContext, visibleRepo } from "./context";
import { fullRepositoryShape, minimalRepositoryShape, shortBranch } from "./shapes";
import { sortRepos } from "./users";

const DOCS = {
  getRepo: "https://docs.github.com/rest/repos/repos#get-a-repository",
  createInOrg: "https://docs.github.com/rest/repos/repos#create-an-organization-repository",
  generate: "https://docs.github.com/rest/repos/repos#create-a-repository-using-a-template",
  contents: "https://docs.github.com/rest/repos/contents#get-repository-content",
  branches: "https://docs.github.com/rest/branches/branches#list-branches",
  orgRepos: "https://docs.github.com/rest/repos/repos#list-organization-repositories",
};

const NAME_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

/** Whether `login` may create repositories owned by `owner` (an org or themself). */
export function canCreateRepo(emu: Emulator, login: string, owner: string): boolean {
  if (owner.toLowerCase() === login.toLowerCase()) return true;
  const org = emu.store.org(owner);
  const role = org?.members[login];
  return role === "admin" || (role === "member" && org!.membersCanCreateRepositories);
}

function repositoryCreationFailed(
  field: string,
  code: "missing_field" | "custom" | "invalid",
  message?: string,
  docs?: string,
) {
  return validationFailed([{ resource: "Repository", code, field, ...(message ? { message } : {}) }], docs);
}

/** Validates and creates a repository record (shared by create-in-org and generate). */
export function createRepository(
  emu: Emulator,
  input: {
    owner: string;
    ownerType: RepoRecord["ownerType"];
    name: unknown;
    description: unknown;
    homepage?: unknown;
    visibility: RepoRecord["visibility"];
    files: Record<string, string>;
    branches?: string[];
    defaultBranch: string;
    templateRepoId: number | null;
    language: string | null;
    topics: string[];
    docs: string;
  },
): RepoRecord {
  if (typeof input.name !== "string" || input.name.trim() === "") {
    throw new HttpError(repositoryCreationFailed("name", "missing_field", undefined, input.docs));
  }
  const name = input.name.trim().replace(/[^A-Za-z0-9._-]+/g, "-");
  if (!NAME_PATTERN.test(name)) {
    throw new HttpError(repositoryCreationFailed("name", "invalid", "name is invalid", input.docs));
  }
  if (emu.store.repo(input.owner, name)) {
    throw new HttpError(
      repositoryCreationFailed("name", "custom", "name already exists on this account", input.docs),
    );
  }
  const now = emu.clock.now();
  const fullName = `${input.owner}/${name}`;
  const branches: Record<string, string> = {};
  for (const branch of [input.defaultBranch, ...(input.branches ?? [])])
    branches[branch] = branchSha(fullName, branch, String(now));
  const repo: RepoRecord = {
    id: emu.store.data.nextRepoId++,
    owner: input.owner,
    ownerType: input.ownerType,
    name,
    description: typeof input.description === "string" ? input.description : null,
    homepage: typeof input.homepage === "string" ? input.homepage : null,
    visibility: input.visibility,
    language: input.language,
    topics: input.topics,
    defaultBranch: input.defaultBranch,
    branches,
    files: input.files,
    isTemplate: false,
    templateRepoId: input.templateRepoId,
    restrictedToTeams: null,
    collaborators: {},
    license: null,
    stargazers: 0,
    forks: 0,
    openIssues: 0,
    size: 0,
    archived: false,
    nextNumber: 1,
    createdAt: now,
    updatedAt: now,
    pushedAt: now,
  };
  emu.store.addRepo(repo);
  return repo;
}

function contentResponse(emu: Emulator, req: ApiRequest, repo: RepoRecord, rawPath: string): ApiResponse {
  const path = rawPath.replace(/^\/+|\/+$/g, "");
  const ref = req.query.get("ref");
  if (ref && !repo.branches[ref]) {
    return githubError(404, `No commit found for the ref ${ref}`, DOCS.contents);
  }
  const branch = ref ?? repo.defaultBranch;
  const ctx = shapeContext(emu, req);
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const web = `${ctx.web}/${repo.owner}/${repo.name}`;
  const itemLinks = (itemPath: string, type: "file" | "dir", sha: string) => {
    const self = `${api}/contents/${itemPath}?ref=${encodeURIComponent(branch)}`;
    const gitUrl = `${api}/git/${type === "file" ? "blobs" : "trees"}/${sha}`;
    const htmlUrl = `${web}/${type === "file" ? "blob" : "tree"}/${branch}/${itemPath}`;
    return {
      url: self,
      git_url: gitUrl,
      html_url: htmlUrl,
      download_url:
        type === "file" ? `${ctx.web}/raw/${repo.owner}/${repo.name}/${branch}/${itemPath}` : null,
      _links: { self, git: gitUrl, html: htmlUrl },
    };
  };
  const blobSha = (content: string) => branchSha(content, "blob");
  const file = repo.files[path];
  if (file !== undefined) {
    const accept = String(req.headers.accept ?? "");
    if (accept.includes("raw")) {
      return { status: 200, text: file, headers: { "content-type": "text/plain; charset=utf-8" } };
    }
    const sha = blobSha(file);
    const base64 = Buffer.from(file, "utf8").toString("base64");
    return {
      status: 200,
      body: {
        type: "file" as const,
        encoding: "base64",
        size: Buffer.byteLength(file),
        name: path.split("/").pop() ?? path,
        path,
        content: (base64.match(/.{1,60}/g) ?? [""]).join("\n") + "\n",
        sha,
        ...itemLinks(path, "file", sha),
      },
    };
  }
  const prefix = path === "" ? "" : `${path}/`;
  const children = new Map<string, "file" | "dir">();
  for (const filePath of Object.keys(repo.files)) {
    if (!filePath.startsWith(prefix)) continue;
    const rest = filePath.slice(prefix.length);
    const [head, ...tail] = rest.split("/");
    if (!head) continue;
    children.set(head, tail.length > 0 ? "dir" : (children.get(head) ?? "file"));
  }
  if (children.size === 0) return notFound(DOCS.contents);
  const entries = [...children.entries()]
    .sort(([a, at], [b, bt]) => (at === bt ? a.localeCompare(b) : at === "dir" ? -1 : 1))
    .map(([name, type]) => {
      const itemPath = `${prefix}${name}`;
      const content = repo.files[itemPath] ?? "";
      const sha =
        type === "file" ? blobSha(content) : branchSha(`${repo.owner}/${repo.name}:${itemPath}`, branch);
      return {
        type,
        size: type === "file" ? Buffer.byteLength(content) : 0,
        name,
        path: itemPath,
        sha,
        ...itemLinks(itemPath, type, sha),
      };
    });
  return { status: 200, body: entries };
}

export function registerRepoRoutes(router: Router, emu: Emulator): void {
  const optional = { auth: "optional" } as const;

  router.add(
    "GET",
    "/orgs/{org}/repos",
    (req) => {
      const org = emu.store.org(req.params.org ?? "");
      if (!org) return notFound(DOCS.orgRepos);
      const caller = login(req);
      const type = req.query.get("type") ?? "all";
      const repos = emu.store.data.repos.filter((r) => {
        if (r.owner !== org.login || emu.store.permission(caller, r) === null) return false;
        if (type === "public") return r.visibility === "public";
        if (type === "private") return r.visibility !== "public";
        if (type === "forks") return false;
        if (type === "member") return caller !== null && org.members[caller] !== undefined;
        return true;
      });
      const ctx = shapeContext(emu, req);
      const sorted = sortRepos(repos, req.query.get("sort") ?? "created", req.query.get("direction"));
      return listResponse(
        emu,
        req,
        sorted.map((r) => minimalRepositoryShape(ctx, emu.store, r, caller)),
        lenientPaging(req.query),
      );
    },
    optional,
  );

  router.add(
    "POST",
    "/orgs/{org}/repos",
    (req) => {
      const org = emu.store.org(req.params.org ?? "");
      if (!org) return notFound(DOCS.createInOrg);
      const user = req.auth!.user;
      const body = jsonObject(req, DOCS.createInOrg);
      if (!canCreateRepo(emu, user.login, org.login)) {
        return githubError(
          403,
          "You need admin access to the organization before adding a repository to it.",
          DOCS.createInOrg,
        );
      }
      const visibility =
        body.visibility === "public" || body.visibility === "private" || body.visibility === "internal"
          ? body.visibility
          : body.private === true
            ? "private"
            : "public";
      const files: Record<string, string> = {};
      if (body.auto_init === true) {
        files["README.md"] =
          `# ${String(body.name ?? "")}\n\n${typeof body.description === "string" ? body.description : ""}\n`;
      }
      const repo = createRepository(emu, {
        owner: org.login,
        ownerType: "Organization",
        name: body.name,
        description: body.description,
        homepage: body.homepage,
        visibility,
        files,
        defaultBranch: "main",
        templateRepoId: null,
        language: null,
        topics: [],
        docs: DOCS.createInOrg,
      });
      const shaped = fullRepositoryShape(shapeContext(emu, req), emu.store, repo, user.login);
      return { status: 201, body: shaped, headers: { location: shaped.url } };
    },
    { auth: "required", creates: true },
  );

  router.add(
    "POST",
    "/repos/{template_owner}/{template_repo}/generate",
    (req) => {
      const user = req.auth!.user;
      const template = visibleRepo(
        emu,
        req,
        req.params.template_owner ?? "",
        req.params.template_repo ?? "",
        DOCS.generate,
      );
      const body = jsonObject(req, DOCS.generate);
      if (!template.isTemplate) {
        return validationFailed(
          [
            {
              resource: "Repository",
              code: "custom",
              field: "template_repo",
              message: `${template.owner}/${template.name} is not a template repository`,
            },
          ],
          DOCS.generate,
        );
      }
      const owner = typeof body.owner === "string" && body.owner !== "" ? body.owner : user.login;
      const org = emu.store.org(owner);
      if (!org && owner.toLowerCase() !== user.login.toLowerCase()) {
        return validationFailed(
          [{ resource: "Repository", code: "invalid", field: "owner", message: "owner is invalid" }],
          DOCS.generate,
        );
      }
      if (!canCreateRepo(emu, user.login, owner)) {
        return githubError(
          403,
          "You need admin access to the organization before adding a repository to it.",
          DOCS.generate,
        );
      }
      const extraBranches =
        body.include_all_branches === true
          ? Object.keys(template.branches).filter((b) => b !== template.defaultBranch)
          : [];
      const repo = createRepository(emu, {
        owner: org ? org.login : user.login,
        ownerType: org ? "Organization" : "User",
        name: body.name,
        description: body.description ?? template.description,
        visibility: body.private === true ? "private" : "public",
        files: { ...template.files },
        branches: extraBranches,
        defaultBranch: template.defaultBranch,
        templateRepoId: template.id,
        language: template.language,
        topics: [],
        docs: DOCS.generate,
      });
      const shaped = fullRepositoryShape(shapeContext(emu, req), emu.store, repo, user.login);
      return { status: 201, body: shaped, headers: { location: shaped.url } };
    },
    { auth: "required", creates: true },
  );

  router.add(
    "GET",
    "/repos/{owner}/{repo}",
    (req) => {
      const repo = visibleRepo(emu, req, req.params.owner ?? "", req.params.repo ?? "", DOCS.getRepo);
      return { status: 200, body: fullRepositoryShape(shapeContext(emu, req), emu.store, repo, login(req)) };
    },
    optional,
  );

  router.add(
    "GET",
    "/repositories/{id}",
    (req) => {
      const repo = emu.store.reposById.get(Number(req.params.id));
      if (!repo || emu.store.permission(login(req), repo) === null) return notFound(DOCS.getRepo);
      return { status: 200, body: fullRepositoryShape(shapeContext(emu, req), emu.store, repo, login(req)) };
    },
    optional,
  );

  router.add(
    "GET",
    "/repos/{owner}/{repo}/branches",
    (req) => {
      const repo = visibleRepo(emu, req, req.params.owner ?? "", req.params.repo ?? "", DOCS.branches);
      const ctx = shapeContext(emu, req);
      const protectedFilter = req.query.get("protected");
      const branches = Object.entries(repo.branches)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, sha]) => shortBranch(ctx, repo, name, sha))
        .filter((b) => protectedFilter === null || String(b.protected) === protectedFilter);
      return listResponse(emu, req, branches, lenientPaging(req.query));
    },
    optional,
  );

  const contents = (req: ApiRequest) => {
    const repo = visibleRepo(emu, req, req.params.owner ?? "", req.params.repo ?? "", DOCS.contents);
    return contentResponse(emu, req, repo, req.params.path ?? "");
  };
  router.add("GET", "/repos/{owner}/{repo}/contents", contents, optional);
  router.add("GET", "/repos/{owner}/{repo}/contents/{path+}", contents, optional);
}

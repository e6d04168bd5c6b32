/**
 * The GitHub App endpoints of the in-memory GitHub, answered as GitHub answers them:
 * `GET /app`, `GET /app/installations` and `POST /app/installations/{id}/access_tokens` with the App's JWT;
 * `GET /installation/repositories` and the contents API (`GET /repos/{o}/{r}/contents/{path}`)
 * with an installation token. An installation token reaches only its installation's
 * repositories (others are 404, as on GitHub) and is refused once expired (401).
 */
import type { InMemoryApp, InMemoryInstallation } from "./app-state.ts";
import { jwtProblem } from "./app-jwt.ts";
import type { RestAnswer } from "./rest-routes.ts";

const DOCS = "https://docs.github.com/rest";
const refused = (message: string): RestAnswer => ({ status: 401, body: { message, documentation_url: DOCS } });
const notFound: RestAnswer = { status: 404, body: { message: "Not Found", documentation_url: DOCS } };

/** What the App's installations may do (the permissions the tool asks for). */
const PERMISSIONS = { issues: "write", contents: "read", metadata: "read" };

function credentials(authorization: string | undefined): { scheme: string; value: string } | undefined {
  const match = /^(\w+)\s+(\S+)$/.exec(authorization?.trim() ?? "");
  return match === null ? undefined : { scheme: (match[1] as string).toLowerCase(), value: match[2] as string };
}

/** The App as `GET /app` answers it (GitHub's `integration`): its slug names its bot account. */
function appObject(app: InMemoryApp, base: string): unknown {
  const owner = [...app.installations.values()][0]?.account ?? { login: "shepherd", id: 1, type: "Organization" };
  const at = new Date(0).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    id: app.appId,
    slug: app.slug,
    node_id: `A_${app.appId}`,
    client_id: `Iv1.${app.appId}`,
    owner: { ...owner, node_id: `U_${owner.id}` },
    name: app.slug,
    description: null,
    external_url: base,
    html_url: `${base}/apps/${app.slug}`,
    created_at: at,
    updated_at: at,
    permissions: PERMISSIONS,
    events: ["issues", "issue_comment", "installation", "installation_repositories", "push"],
    installations_count: app.installations.size,
  };
}

function installationObject(app: InMemoryApp, installation: InMemoryInstallation, base: string): unknown {
  return {
    id: installation.id,
    account: { ...installation.account, node_id: `U_${installation.account.id}` },
    app_id: app.appId,
    app_slug: app.slug,
    target_id: installation.account.id,
    target_type: installation.account.type,
    repository_selection: "selected",
    access_tokens_url: `${base}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${base}/installation/repositories`,
    html_url: `https://github.com/organizations/${installation.account.login}/settings/installations/${installation.id}`,
    permissions: PERMISSIONS,
    events: ["issues", "issue_comment", "push", "installation", "installation_repositories"],
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    single_file_name: null,
    suspended_at: null,
    suspended_by: null,
  };
}

function repositoryObject(app: InMemoryApp, repository: string): unknown {
  const [owner = "", name = ""] = repository.split("/");
  const id = app.repositoryId(repository);
  return {
    id,
    node_id: `R_${id}`,
    name,
    full_name: `${owner}/${name}`,
    owner: { login: owner, id: 1, type: "Organization" },
    private: false,
    default_branch: app.defaultBranches.get(repository.toLowerCase()) ?? "main",
    archived: false,
    disabled: false,
    html_url: `https://github.com/${owner}/${name}`,
  };
}

function contents(app: InMemoryApp, repository: string, path: string, url: URL): RestAnswer {
  const ref = url.searchParams.get("ref");
  const branch = app.defaultBranches.get(repository.toLowerCase()) ?? "main";
  if (ref !== null && ref !== branch && ref !== `refs/heads/${branch}`) return { status: 404, body: { message: `No commit found for the ref ${ref}`, documentation_url: DOCS } };
  const text = app.file(repository, path);
  if (text === undefined) return notFound;
  const content = Buffer.from(text, "utf8").toString("base64");
  const name = path.split("/").pop() ?? path;
  return {
    status: 200,
    body: {
      type: "file",
      encoding: "base64",
      size: Buffer.byteLength(text),
      name,
      path,
      // GitHub wraps the base64 text at 60 characters.
      content: content.replace(/(.{60})/g, "$1\n"),
      sha: `${Buffer.from(text).length.toString(16)}${app.repositoryId(repository).toString(16)}`,
      url: `/repos/${repository}/contents/${path}`,
      git_url: null,
      html_url: null,
      download_url: null,
      _links: { self: "", git: null, html: null },
    },
  };
}

/**
 * Answer an App request, or check an installation token's reach before a repository request;
 * undefined when the request is for the other routes to answer.
 */
export function handleAppRest(app: InMemoryApp, method: string, path: string, url: URL, authorization: string | undefined, base: string): RestAnswer | undefined {
  const parts = path.split("/").slice(1).map(decodeURIComponent);
  const given = credentials(authorization);
  if (parts[0] === "app") {
    if (given === undefined || given.scheme !== "bearer") return refused("A JSON web token could not be decoded");
    const problem = jwtProblem(given.value, app, app.now());
    if (problem !== undefined) return refused(problem);
    if (method === "GET" && parts.length === 1) return { status: 200, body: appObject(app, base) };
    if (method === "GET" && parts[1] === "installations" && parts.length === 2) {
      return { status: 200, body: [...app.installations.values()].map((installation) => installationObject(app, installation, base)) };
    }
    if (method === "POST" && parts[1] === "installations" && parts[3] === "access_tokens" && parts.length === 4) {
      const installation = app.installations.get(Number(parts[2]));
      if (installation === undefined) return notFound;
      const { token, expiresAt } = app.issueToken(installation.id);
      return {
        status: 201,
        body: { token, expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"), permissions: PERMISSIONS, repository_selection: "selected" },
      };
    }
    return notFound;
  }
  const token = given !== undefined && given.scheme === "token" && app.isInstallationToken(given.value) ? given.value : undefined;
  if (token === undefined) return parts[0] === "installation" ? refused("Bad credentials") : undefined;
  const installation = app.installationOfToken(token);
  if (installation === undefined) return refused("Bad credentials");
  if (parts[0] === "installation") {
    if (method !== "GET" || parts[1] !== "repositories" || parts.length !== 2) return notFound;
    const all = installation.repositories.map((repository) => repositoryObject(app, repository));
    const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30) || 30, 100);
    const page = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
    return { status: 200, body: { total_count: all.length, repository_selection: "selected", repositories: all.slice((page - 1) * perPage, page * perPage) } };
  }
  if (parts[0] !== "repos" || parts.length < 3) return undefined;
  const repository = `${parts[1]}/${parts[2]}`;
  if (!installation.repositories.some((r) => r.toLowerCase() === repository.toLowerCase())) return notFound;
  if (parts[3] === "contents" && method === "GET") {
    const found = installation.repositories.find((r) => r.toLowerCase() === repository.toLowerCase()) as string;
    return contents(app, found, parts.slice(4).join("/"), url);
  }
  return undefined;
}

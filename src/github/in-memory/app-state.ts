/**
 * The GitHub App side of the in-memory GitHub: the App (its id, slug and public key), its
 * installations and the repositories each may reach, the installation tokens it has issued, and
 * the files of repositories (what the contents API serves: a repository's rule file, the
 * organisation's `.github` repository). A token is issued for an hour, as GitHub's are.
 */
import { randomBytes } from "node:crypto";

/** An installation of the App on an account, with the repositories it was granted. */
export interface InMemoryInstallation {
  id: number;
  account: { login: string; id: number; type: "User" | "Organization" };
  /** `OWNER/REPO` of every repository the installation reaches. */
  repositories: string[];
}

export interface InMemoryAppOptions {
  appId: number;
  /** The App's slug: its bot account is `<slug>[bot]`. */
  slug: string;
  /** The public half of the App's key (PEM): JWTs are verified with it (RS256). */
  publicKey: string;
  installations?: InMemoryInstallation[];
  now: () => number;
}

/** An issued installation token. */
interface IssuedToken {
  installationId: number;
  /** Epoch ms. */
  expiresAt: number;
}

const TOKEN_LIFETIME_MS = 3_600_000;

export class InMemoryApp {
  readonly appId: number;
  readonly slug: string;
  readonly publicKey: string;
  readonly installations = new Map<number, InMemoryInstallation>();
  /** Files by lower-case `OWNER/REPO`, then path. */
  readonly files = new Map<string, Map<string, string>>();
  /** Default branch by lower-case `OWNER/REPO` (main unless set). */
  readonly defaultBranches = new Map<string, string>();
  /** Repository ids by lower-case `OWNER/REPO`, given out as repositories are first listed. */
  private readonly repositoryIds = new Map<string, number>();
  private readonly tokens = new Map<string, IssuedToken>();
  readonly now: () => number;
  /** How many installation tokens were issued (tests check that they are cached). */
  issued = 0;

  constructor(options: InMemoryAppOptions) {
    this.appId = options.appId;
    this.slug = options.slug;
    this.publicKey = options.publicKey;
    this.now = options.now;
    for (const installation of options.installations ?? []) this.installations.set(installation.id, installation);
  }

  /** The App's bot account, the author of what its installation tokens write. */
  get botLogin(): string {
    return `${this.slug}[bot]`;
  }

  /** Put a file into a repository (its default branch), or remove it with `undefined`. */
  setFile(repository: string, path: string, text: string | undefined): void {
    const key = repository.toLowerCase();
    const files = this.files.get(key) ?? new Map<string, string>();
    this.files.set(key, files);
    if (text === undefined) files.delete(path);
    else files.set(path, text);
  }

  file(repository: string, path: string): string | undefined {
    return this.files.get(repository.toLowerCase())?.get(path);
  }

  repositoryId(repository: string): number {
    const key = repository.toLowerCase();
    let id = this.repositoryIds.get(key);
    if (id === undefined) {
      id = 700_000 + this.repositoryIds.size;
      this.repositoryIds.set(key, id);
    }
    return id;
  }

  /** A new installation token for an hour. */
  issueToken(installationId: number): { token: string; expiresAt: number } {
    const token = `ghs_${randomBytes(18).toString("base64url")}`;
    const expiresAt = this.now() + TOKEN_LIFETIME_MS;
    this.tokens.set(token, { installationId, expiresAt });
    this.issued += 1;
    return { token, expiresAt };
  }

  /** The installation a live token was issued for; undefined for an unknown or expired token. */
  installationOfToken(token: string): InMemoryInstallation | undefined {
    const issued = this.tokens.get(token);
    if (issued === undefined || issued.expiresAt <= this.now()) return undefined;
    return this.installations.get(issued.installationId);
  }

  /** Whether the string is a token this App issued (live or not). */
  isInstallationToken(token: string): boolean {
    return this.tokens.has(token);
  }
}

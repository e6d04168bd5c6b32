/**
 * What an in-memory Jira site knows besides its issues: the calling account, the users, the
 * fields with their schemas, the statuses with their categories, the workflow's transitions, the
 * priorities and resolutions — and how Jira Cloud renders each of them in its answers.
 */

export type StatusCategoryKey = "new" | "indeterminate" | "done";

export interface SiteUser {
  accountId: string;
  displayName: string;
  /** `atlassian`, `app` or `customer`. */
  accountType: string;
  emailAddress?: string;
  /** The user's time zone as Jira reports it; default `Etc/UTC`. */
  timeZone?: string;
}

export interface SiteStatus {
  id: string;
  name: string;
  category: StatusCategoryKey;
}

/** A global transition, offered from every status but its own target. */
export interface SiteTransition {
  id: string;
  name: string;
  /** The status it leads to, by name. */
  to: string;
  /** Whether it has a screen: only then may `fields.resolution` be sent with it. */
  hasScreen: boolean;
}

export interface SiteField {
  id: string;
  name: string;
  custom: boolean;
  /** `/rest/api/3/field`'s `schema` (`type`, `items`, `custom`, `system`), when known. */
  schema?: Record<string, unknown>;
}

/** The site's catalog: everything the endpoints answer from besides the issues. */
export interface JiraSite {
  /** Where the site's `self` links point, e.g. `https://acme.atlassian.net`. */
  baseUrl: string;
  users: SiteUser[];
  fields: SiteField[];
  statuses: SiteStatus[];
  transitions: SiteTransition[];
  /** Priority names, highest first; ids are their 1-based positions. */
  priorities: string[];
  /** Resolution names; ids count from 10000 in this order. */
  resolutions: string[];
  /**
   * Whether any accountId is a user of the site (named by its accountId until seen): a snapshot
   * shows only the users its issues mention, not the site's directory. Default false: an
   * assignee the site does not know is refused, as Jira refuses it.
   */
  anyUser?: boolean;
  /** The largest numeric id in use (issues, comments, histories): new ids count on from it. */
  largestId: number;
}

/** Jira Cloud's default resolutions. */
export const DEFAULT_RESOLUTIONS = ["Done", "Won't Do", "Duplicate", "Cannot Reproduce"];

/** Jira Cloud's default priorities, highest first. */
export const DEFAULT_PRIORITIES = ["Highest", "High", "Medium", "Low", "Lowest"];

const CATEGORIES: Record<StatusCategoryKey, { id: number; name: string; colorName: string }> = {
  new: { id: 2, name: "To Do", colorName: "blue-gray" },
  indeterminate: { id: 4, name: "In Progress", colorName: "yellow" },
  done: { id: 3, name: "Done", colorName: "green" },
};

/** Timestamps as Jira writes them: milliseconds and a `+0000` offset. */
export const jiraTime = (ms: number): string => new Date(ms).toISOString().replace("Z", "+0000");

/** How one site renders its catalog in answers (`self` links under its base URL). */
export class SiteJson {
  readonly #base: string;

  constructor(baseUrl: string) {
    this.#base = baseUrl.replace(/\/+$/, "");
  }

  /** A link under the site's REST API, e.g. `issue/10001`. */
  self(path: string): string {
    return `${this.#base}/rest/api/3/${path}`;
  }

  /** A user as Jira embeds it in issues, comments and histories (`UserDetails`). */
  user(user: SiteUser): Record<string, unknown> {
    return {
      self: this.self(`user?accountId=${encodeURIComponent(user.accountId)}`),
      accountId: user.accountId,
      ...(user.emailAddress === undefined ? {} : { emailAddress: user.emailAddress }),
      avatarUrls: Object.fromEntries(["48x48", "24x24", "16x16", "32x32"].map((size) => [size, `https://secure.gravatar.com/avatar/0?d=identicon&s=${size.split("x")[0] ?? ""}`])),
      displayName: user.displayName,
      active: true,
      timeZone: user.timeZone ?? "Etc/UTC",
      accountType: user.accountType,
    };
  }

  statusCategory(key: StatusCategoryKey): Record<string, unknown> {
    const category = CATEGORIES[key];
    return { self: this.self(`statuscategory/${category.id}`), id: category.id, key, colorName: category.colorName, name: category.name };
  }

  status(status: SiteStatus): Record<string, unknown> {
    return {
      self: this.self(`status/${status.id}`),
      description: "",
      iconUrl: `${this.#base}/images/icons/statuses/generic.png`,
      name: status.name,
      id: status.id,
      statusCategory: this.statusCategory(status.category),
    };
  }

  field(field: SiteField): Record<string, unknown> {
    return {
      id: field.id,
      key: field.id,
      name: field.name,
      custom: field.custom,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: field.custom ? [`cf[${field.id.replace("customfield_", "")}]`, field.name] : [field.id],
      ...(field.schema === undefined ? {} : { schema: field.schema }),
    };
  }

  /** A priority by its position in the site's list (0-based). */
  priority(name: string, index: number): Record<string, unknown> {
    return { self: this.self(`priority/${index + 1}`), iconUrl: `${this.#base}/images/icons/priorities/${name.toLowerCase().replace(/\W+/g, "-")}.svg`, name, id: String(index + 1) };
  }

  /** A resolution by its position in the site's list (0-based). */
  resolution(name: string, index: number): Record<string, unknown> {
    return { self: this.self(`resolution/${10_000 + index}`), id: String(10_000 + index), name, description: "" };
  }
}

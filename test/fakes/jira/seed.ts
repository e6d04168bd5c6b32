/**
 * Realistic Jira Cloud REST v3 data for the fake: users, the field catalogue, statuses, and
 * issues shaped as `GET /rest/api/3/issue/{key}?expand=changelog` returns them (ADF descriptions
 * and comments, `+0000` timestamps, status categories, custom fields).
 */

export const SITE = "https://acme.atlassian.net";

export interface SeedUser {
  accountId: string;
  displayName: string;
  accountType: "atlassian" | "app" | "customer";
  emailAddress?: string;
}

export const USERS = {
  bot: { accountId: "712020:5b1e7a60-shepherd-bot", displayName: "issue-shepherd", accountType: "atlassian", emailAddress: "shepherd@acme.example" },
  reporter: { accountId: "5b10ac8d82e05b22cc7d4ef5", displayName: "Mia Krystof", accountType: "atlassian" },
  agent: { accountId: "5d53f3cbc6b9320d9ea5bdc2", displayName: "Ravi Nair", accountType: "atlassian" },
  lead: { accountId: "5e9f8c7b6a5d4c3b2a190817", displayName: "Chen Jing", accountType: "atlassian" },
  customer: { accountId: "qm:8f6d3a1e-2c44-4d9b-9a1f-7e2b5c3d9a10", displayName: "Customer Portal User", accountType: "customer" },
} satisfies Record<string, SeedUser>;

/** A user as Jira embeds it in issues, comments and histories (`UserDetails`). */
export function userJson(user: SeedUser): Record<string, unknown> {
  return {
    self: `${SITE}/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`,
    accountId: user.accountId,
    ...(user.emailAddress === undefined ? {} : { emailAddress: user.emailAddress }),
    avatarUrls: {
      "48x48": "https://secure.gravatar.com/avatar/0?d=identicon&s=48",
      "24x24": "https://secure.gravatar.com/avatar/0?d=identicon&s=24",
      "16x16": "https://secure.gravatar.com/avatar/0?d=identicon&s=16",
      "32x32": "https://secure.gravatar.com/avatar/0?d=identicon&s=32",
    },
    displayName: user.displayName,
    active: true,
    timeZone: "Asia/Shanghai",
    accountType: user.accountType,
  };
}

const category = (id: number, key: "new" | "indeterminate" | "done", name: string, colorName: string) => ({
  self: `${SITE}/rest/api/3/statuscategory/${id}`,
  id,
  key,
  colorName,
  name,
});

export const CATEGORIES = {
  new: category(2, "new", "To Do", "blue-gray"),
  indeterminate: category(4, "indeterminate", "In Progress", "yellow"),
  done: category(3, "done", "Done", "green"),
};

export interface SeedStatus {
  id: string;
  name: string;
  category: keyof typeof CATEGORIES;
}

export const STATUSES: SeedStatus[] = [
  { id: "10000", name: "To Do", category: "new" },
  { id: "3", name: "In Progress", category: "indeterminate" },
  { id: "10002", name: "Waiting for customer", category: "indeterminate" },
  { id: "10001", name: "Done", category: "done" },
  { id: "10003", name: "Won't Do", category: "done" },
];

export function statusJson(status: SeedStatus): Record<string, unknown> {
  return {
    self: `${SITE}/rest/api/3/status/${status.id}`,
    description: "",
    iconUrl: `${SITE}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
    statusCategory: CATEGORIES[status.category],
  };
}

/** Workflow transitions: global ones, offered from every status but their own target. */
export interface SeedTransition {
  id: string;
  name: string;
  to: string;
  /** Whether the transition has a screen (only then may `fields.resolution` be sent). */
  hasScreen: boolean;
}

export const TRANSITIONS: SeedTransition[] = [
  { id: "11", name: "To Do", to: "To Do", hasScreen: false },
  { id: "21", name: "In Progress", to: "In Progress", hasScreen: false },
  { id: "31", name: "Done", to: "Done", hasScreen: false },
  { id: "41", name: "Reopen", to: "To Do", hasScreen: false },
  { id: "51", name: "Wait for customer", to: "Waiting for customer", hasScreen: false },
];

export interface SeedField {
  id: string;
  name: string;
  custom: boolean;
  schema?: Record<string, unknown>;
}

const textarea = (id: string, name: string): SeedField => ({
  id,
  name,
  custom: true,
  schema: { type: "string", custom: "com.atlassian.jira.plugin.system.customfieldtypes:textarea", customId: Number(id.replace("customfield_", "")) },
});

/** The support preset's Jira fields (Impact, Urgency, Start time, Steps to reproduce, Environment, …). */
export const FIELDS: SeedField[] = [
  { id: "summary", name: "Summary", custom: false, schema: { type: "string", system: "summary" } },
  { id: "description", name: "Description", custom: false, schema: { type: "string", system: "description" } },
  { id: "labels", name: "Labels", custom: false, schema: { type: "array", items: "string", system: "labels" } },
  { id: "priority", name: "Priority", custom: false, schema: { type: "priority", system: "priority" } },
  { id: "status", name: "Status", custom: false, schema: { type: "status", system: "status" } },
  { id: "assignee", name: "Assignee", custom: false, schema: { type: "user", system: "assignee" } },
  { id: "reporter", name: "Reporter", custom: false, schema: { type: "user", system: "reporter" } },
  { id: "components", name: "Components", custom: false, schema: { type: "array", items: "component", system: "components" } },
  { id: "resolution", name: "Resolution", custom: false, schema: { type: "resolution", system: "resolution" } },
  { id: "environment", name: "Environment", custom: false, schema: { type: "string", system: "environment" } },
  textarea("customfield_10050", "Root cause"),
  {
    id: "customfield_10051",
    name: "Impact",
    custom: true,
    schema: { type: "option", custom: "com.atlassian.jira.plugin.system.customfieldtypes:select", customId: 10051 },
  },
  {
    id: "customfield_10052",
    name: "Start time",
    custom: true,
    schema: { type: "datetime", custom: "com.atlassian.jira.plugin.system.customfieldtypes:datetime", customId: 10052 },
  },
  textarea("customfield_10053", "Steps to reproduce"),
  {
    id: "customfield_10056",
    name: "Urgency",
    custom: true,
    schema: { type: "option", custom: "com.atlassian.jira.plugin.system.customfieldtypes:select", customId: 10056 },
  },
  textarea("customfield_10054", "Solution"),
  textarea("customfield_10055", "Verification"),
  // Jira Service Management's own satisfaction rating: `{ rating: 1–5, comment? }`, set by the customer.
  { id: "customfield_10060", name: "Satisfaction", custom: true, schema: { type: "sd-feedback", custom: "com.atlassian.servicedesk:sd-request-feedback", customId: 10060 } },
];

export const PRIORITIES = ["Highest", "High", "Medium", "Low", "Lowest"];

/** ADF for plain paragraphs (blank-line separated) and `### ` headings. */
export function adf(text: string): Record<string, unknown> {
  return {
    type: "doc",
    version: 1,
    content: text.split(/\n{2,}/).map((block) =>
      block.startsWith("### ")
        ? { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: block.slice(4) }] }
        : { type: "paragraph", content: [{ type: "text", text: block }] },
    ),
  };
}

/** Jira's timestamp format: `2026-03-10T09:12:33.120+0000`. */
export const jiraTime = (ms: number): string => new Date(ms).toISOString().replace("Z", "+0000");

export interface SeedComment {
  id: string;
  author: SeedUser;
  text: string;
  at: number;
  jsdPublic?: boolean;
  properties?: { key: string; value: unknown }[];
}

export interface SeedHistory {
  id: string;
  author: SeedUser;
  at: number;
  items: Record<string, unknown>[];
}

export interface SeedIssue {
  key: string;
  id: string;
  summary: string;
  description: string;
  status?: string;
  priority?: string | null;
  labels?: string[];
  reporter?: SeedUser;
  assignee?: SeedUser | null;
  created: number;
  comments?: SeedComment[];
  histories?: SeedHistory[];
  extraFields?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

const SUPPORT_DESCRIPTION = [
  "### Impact scope",
  "All users of the EU checkout",
  "### Symptom",
  "Payment page shows \"Error 502 Bad Gateway\" after submitting the card form.",
  "### Started at",
  "2026-03-10 08:40 CET",
  "### Steps to reproduce",
  "Add an item to the basket, go to checkout, pay by card.",
  "### Environment",
  "Chrome 122 on Windows 11, app version 4.18.2",
].join("\n\n");

/** The intake fields of the support preset, all answered. */
export const COMPLETE_INTAKE: Record<string, unknown> = {
  customfield_10051: { self: `${SITE}/rest/api/3/customFieldOption/10100`, value: "All users", id: "10100" },
  customfield_10052: "2026-03-10T08:40:00.000+0000",
  customfield_10053: adf("Add an item to the basket, go to checkout, pay by card."),
  environment: adf("Chrome 122 on Windows 11, app version 4.18.2"),
};

/** A support request as a customer would file it, fully described. */
export function supportIssue(overrides: Partial<SeedIssue> & Pick<SeedIssue, "key" | "id">): SeedIssue {
  return {
    summary: "Checkout fails with 502 for all EU users",
    description: SUPPORT_DESCRIPTION,
    extraFields: { ...COMPLETE_INTAKE },
    status: "To Do",
    priority: "Medium",
    labels: [],
    reporter: USERS.reporter,
    assignee: null,
    created: Date.parse("2026-03-10T08:45:00Z"),
    comments: [],
    histories: [],
    ...overrides,
  };
}

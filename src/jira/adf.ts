/**
 * ADF → Markdown-ish plain text, so that Jira descriptions and comments read like GitHub issue
 * bodies to the core: headings become `### Heading` lines (section parsing), lists `- item`,
 * task lists `- [x] item`, code blocks fenced. Marks (bold, links, …) are dropped. Unknown node
 * types are not an error: their text and content are read as far as they go.
 */
import type { AdfNode } from "./adf-types.ts";

const INLINE = new Set([
  "text",
  "mention",
  "emoji",
  "hardBreak",
  "inlineCard",
  "status",
  "date",
  "placeholder",
  "mediaInline",
  "inlineExtension",
]);

const asNode = (value: unknown): AdfNode | undefined =>
  typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string"
    ? (value as AdfNode)
    : undefined;

const children = (node: AdfNode): AdfNode[] =>
  Array.isArray(node.content) ? node.content.flatMap((child) => asNode(child) ?? []) : [];

const attr = (node: AdfNode, name: string): unknown =>
  typeof node.attrs === "object" && node.attrs !== null ? node.attrs[name] : undefined;

const attrText = (node: AdfNode, name: string): string | undefined => {
  const value = attr(node, name);
  return typeof value === "string" && value !== "" ? value : undefined;
};

function renderInlineNode(node: AdfNode): string {
  switch (node.type) {
    case "text":
      return typeof node.text === "string" ? node.text : "";
    case "hardBreak":
      return "\n";
    case "mention": {
      const name = attrText(node, "text") ?? attrText(node, "displayName") ?? attrText(node, "id") ?? "";
      return name.startsWith("@") ? name : `@${name}`;
    }
    case "emoji":
      return attrText(node, "text") ?? attrText(node, "shortName") ?? "";
    case "inlineCard":
      return attrText(node, "url") ?? "";
    case "status":
      return attrText(node, "text") ?? "";
    case "date": {
      const timestamp = Number(attr(node, "timestamp"));
      return Number.isFinite(timestamp) ? new Date(timestamp).toISOString().slice(0, 10) : "";
    }
    default:
      return typeof node.text === "string" ? node.text : renderInline(children(node));
  }
}

function renderInline(nodes: readonly AdfNode[]): string {
  return nodes.map(renderInlineNode).join("");
}

const indent = (text: string, prefix: string): string =>
  text
    .split("\n")
    .map((line) => (line === "" ? line : prefix + line))
    .join("\n");

/** A list item: its first line after the bullet, further lines (nested lists) indented under it. */
function renderItem(bullet: string, content: readonly AdfNode[]): string {
  const text = content.every(isInline)
    ? renderInline(content)
    : content
        .map((node) => renderBlock(node))
        .filter((part) => part.trim() !== "")
        .join("\n");
  const [first = "", ...rest] = text.split("\n");
  return [`${bullet}${first}`.trimEnd(), ...rest.map((line) => (line === "" ? line : " ".repeat(bullet.length) + line))].join(
    "\n",
  );
}

function renderList(node: AdfNode): string {
  const start = Number(attr(node, "order"));
  let number = Number.isInteger(start) && start > 0 ? start : 1;
  return children(node)
    .map((item) => {
      if (item.type === "taskList" || item.type === "bulletList" || item.type === "orderedList") {
        return indent(renderBlock(item), "  ");
      }
      if (item.type === "taskItem") {
        return renderItem(attr(item, "state") === "DONE" ? "- [x] " : "- [ ] ", children(item));
      }
      const bullet = node.type === "orderedList" ? `${number++}. ` : "- ";
      return renderItem(bullet, children(item));
    })
    .filter((line) => line !== "")
    .join("\n");
}

function isInline(node: AdfNode): boolean {
  return INLINE.has(node.type);
}

function renderBlock(node: AdfNode): string {
  switch (node.type) {
    case "paragraph":
      return renderInline(children(node));
    case "heading":
      return `### ${renderInline(children(node))}`;
    case "bulletList":
    case "orderedList":
    case "taskList":
    case "decisionList":
      return renderList(node);
    case "codeBlock": {
      const language = attrText(node, "language") ?? "";
      return `\`\`\`${language}\n${renderInline(children(node))}\n\`\`\``;
    }
    case "blockquote":
      return renderBlocks(children(node))
        .split("\n")
        .map((line) => (line === "" ? ">" : `> ${line}`))
        .join("\n");
    case "rule":
      return "---";
    case "table":
      return children(node)
        .map((row) => `| ${children(row).map((cell) => renderBlocks(children(cell)).replaceAll("\n", " ")).join(" | ")} |`)
        .join("\n");
    case "blockCard":
    case "embedCard":
      return attrText(node, "url") ?? "";
    case "media":
    case "mediaSingle":
    case "mediaGroup":
      return renderBlocks(children(node).filter((child) => child.type !== "media"));
    default:
      if (isInline(node)) return renderInlineNode(node);
      return typeof node.text === "string" && children(node).length === 0 ? node.text : renderBlocks(children(node));
  }
}

/** Blocks separated by blank lines; runs of inline nodes (in unknown containers) form a paragraph. */
function renderBlocks(nodes: readonly AdfNode[]): string {
  const parts: string[] = [];
  let inline: AdfNode[] = [];
  const flush = (): void => {
    if (inline.length > 0) parts.push(renderInline(inline));
    inline = [];
  };
  for (const node of nodes) {
    if (isInline(node)) {
      inline.push(node);
      continue;
    }
    flush();
    parts.push(renderBlock(node));
  }
  flush();
  return parts.filter((part) => part.trim() !== "").join("\n\n");
}

/**
 * Render an ADF document (or any node) as plain text. Anything that is not an ADF node gives
 * the empty string; a string is returned as it is (Jira v2 and some custom fields send text).
 */
export function adfToText(value: unknown): string {
  if (typeof value === "string") return value;
  const node = asNode(value);
  if (node === undefined) return "";
  return (node.type === "doc" ? renderBlocks(children(node)) : renderBlock(node)).trim();
}

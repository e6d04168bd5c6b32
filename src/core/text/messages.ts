/**
 * Every text the tool writes, in English and Chinese. Rule files override any of them under
 * `messages:`; `{name}` placeholders are filled in (values from issue text are neutralised by
 * the caller first).
 */
import type { Locale, Rules } from "../rules/rules.ts";

export const DEFAULT_MESSAGES: Record<string, Record<Locale, string>> = {
  "intake.missing": {
    en: "Thanks for the report. To work on it we still need:\n\n{missing}\n\nPlease edit the issue description to add them — this comment updates itself, and the `{label}` label comes off once everything is there.",
    zh: "感谢反馈。为了处理此问题，还需要以下信息：\n\n{missing}\n\n请编辑问题描述补充这些内容——本评论会自动更新，信息齐全后 `{label}` 标签会自动移除。",
  },
  "intake.missing-fields": {
    en: "Thanks for the report. To work on it we still need:\n\n{missing}\n\nPlease fill in those fields of the issue — this comment updates itself, and the `{label}` label comes off once everything is there.",
    zh: "感谢反馈。为了处理此问题，还需要以下信息：\n\n{missing}\n\n请在问题中填写这些字段——本评论会自动更新，信息齐全后 `{label}` 标签会自动移除。",
  },
  "intake.missing-mixed": {
    en: "Thanks for the report. To work on it we still need:\n\n{missing}\n\nPlease fill in the fields named above and add the others to the issue description — this comment updates itself, and the `{label}` label comes off once everything is there.",
    zh: "感谢反馈。为了处理此问题，还需要以下信息：\n\n{missing}\n\n请填写上面列出的字段，其余内容请编辑问题描述补充——本评论会自动更新，信息齐全后 `{label}` 标签会自动移除。",
  },
  "intake.field-item": {
    en: "{title} (the **{field}** field)",
    zh: "{title}（字段 **{field}**）",
  },
  "intake.complete": {
    en: "All the required information is there now — thank you.",
    zh: "所需信息已齐全，谢谢！",
  },
  "intake.similar-cases": {
    en: "Similar problems were solved before — one of these may already answer this report:\n\n{cases}\n\nIf one does, say so here; the team will confirm.",
    zh: "以前解决过类似的问题——以下案例或许已经能解答此问题：\n\n{cases}\n\n如果其中某个案例适用，请在此回复，团队会确认。",
  },
  "intake.similar-case": {
    en: "- **{link}**\n  - Root cause: {root-cause}\n  - Solution: {solution}",
    zh: "- **{link}**\n  - 根本原因：{root-cause}\n  - 解决方案：{solution}",
  },
  "priority.reduced": {
    en: "This issue carried several priority labels ({labels}); kept **{priority}** (the one a person chose, else the highest).",
    zh: "此问题同时带有多个优先级标签（{labels}），已保留 **{priority}**（优先保留人工设置的，否则保留最高的）。",
  },
  "priority.matrix": {
    en: "Impact: {impact} × Urgency: {urgency} → {priority}",
    zh: "影响范围：{impact} × 紧急程度：{urgency} → {priority}",
  },
  "priority.words": {
    en: "Impact and urgency not chosen; the words {words} in the report → {priority}",
    zh: "未选择影响范围和紧急程度；问题中的关键词 {words} → {priority}",
  },
  "priority.rule": {
    en: "The rule {rule} → {priority}",
    zh: "规则 {rule} → {priority}",
  },
  "priority.default": {
    en: "Impact and urgency not chosen, and no words in the report decide → {priority} (the default)",
    zh: "未选择影响范围和紧急程度，问题中也没有决定性的关键词 → {priority}（默认）",
  },
  "priority.ask": {
    en: "Choose Impact and Urgency in the report and the priority follows them.",
    zh: "在问题中选择影响程度和紧急程度后，优先级将按所选结果确定。",
  },
  "priority.person": {
    en: "{priority}, set by a person: the tool keeps it",
    zh: "{priority}，由人工设置：工具不会更改",
  },
  "closure.missing": {
    en: "This issue was closed as completed, but the closure checklist is incomplete. Still missing:\n\n{missing}\n\n{next}",
    zh: "此问题已按“已完成”关闭，但关闭检查项不完整。仍缺少：\n\n{missing}\n\n{next}",
  },
  "closure.reopened": {
    en: "It has been reopened until they are on record: add them as sections of a comment (e.g. `### Root cause`) or tick the checklist items.",
    zh: "在补充之前已重新打开：请在评论中以小节形式补充（例如 `### 根本原因`），或勾选对应的检查项。",
  },
  "closure.labelled": {
    en: "Please add them as sections of a comment (e.g. `### Root cause`) or tick the checklist items; the `{label}` label comes off once they are there.",
    zh: "请在评论中以小节形式补充（例如 `### 根本原因`），或勾选对应的检查项；补充后 `{label}` 标签会自动移除。",
  },
  "closure.complete": {
    en: "The closure checklist is complete now — thank you.",
    zh: "关闭检查项已完整，谢谢！",
  },
  "sla.breach": {
    en: "SLA breached: **{clock}** for {priority} — target {target}, overdue by {overrun} (business time, {calendar}).",
    zh: "SLA 已超时：{priority} 的 **{clock}** —— 目标 {target}，已超出 {overrun}（按 {calendar} 计算的工作时间）。",
  },
  "sla.update-due": {
    en: "Progress update due: {priority} issues get a team update at least every {target}; the last one was {since} ago.",
    zh: "需要更新进展：{priority} 问题至少每 {target} 由团队更新一次，距上次更新已 {since}。",
  },
  "escalation.level": {
    en: "Escalation level {level}: **{clock}** is breached for this {priority} issue ({overrun} over the {target} target). Reply `{ack}` to acknowledge.",
    zh: "升级第 {level} 级：此 {priority} 问题的 **{clock}** 已超时（超出目标 {target} {overrun}）。回复 `{ack}` 以确认。",
  },
  "escalation.root-cause": {
    en: "Escalation level {level}: no root cause noted within {within} of the first response on this {priority} issue. Reply `{ack}` to acknowledge.",
    zh: "升级第 {level} 级：此 {priority} 问题在首次响应后 {within} 内仍未记录根本原因。回复 `{ack}` 以确认。",
  },
  "notify.breach": {
    en: "{priority} breached — {clock} {target}, {overrun} over — {issue}: {title}",
    zh: "{priority} 已超时 — {clock} {target}，超出 {overrun} — {issue}：{title}",
  },
  "notify.breach-text": {
    en: "Escalation level {level}: **{clock}** is breached for this {priority} issue — target {target}, {overrun} over.\n{url}",
    zh: "升级第 {level} 级：此 {priority} 问题的 **{clock}** 已超时 —— 目标 {target}，已超出 {overrun}。\n{url}",
  },
  "notify.root-cause": {
    en: "{priority} has no root cause {within} after the first response — {issue}: {title}",
    zh: "{priority} 首次响应后 {within} 仍未记录根本原因 — {issue}：{title}",
  },
  "notify.root-cause-text": {
    en: "Escalation level {level}: no root cause noted within {within} of the first response on this {priority} issue.\n{url}",
    zh: "升级第 {level} 级：此 {priority} 问题在首次响应后 {within} 内仍未记录根本原因。\n{url}",
  },
  "notify.update": {
    en: "{priority} progress update due — every {target}, the last {since} ago — {issue}: {title}",
    zh: "{priority} 需要更新进展 — 每 {target} 一次，距上次已 {since} — {issue}：{title}",
  },
  "notify.update-text": {
    en: "Progress update due: {priority} issues get a team update at least every {target}; the last one was {since} ago.\n{url}",
    zh: "需要更新进展：{priority} 问题至少每 {target} 由团队更新一次，距上次更新已 {since}。\n{url}",
  },
  "notify.resolved": {
    en: "Resolved — {issue}: {title} ({why})",
    zh: "已解除 — {issue}：{title}（{why}）",
  },
  "notify.resolved-closed": { en: "the issue is closed", zh: "问题已关闭" },
  "notify.resolved-cleared": { en: "no clock is breached any more", zh: "已无超时的时限" },
  "notify.rule": {
    en: "{priority} — {issue}: {title}",
    zh: "{priority} — {issue}：{title}",
  },
  "notify.rule-text": {
    en: "{priority} issue, by the rule {rule}.\n{url}",
    zh: "{priority} 问题，由规则 {rule} 通知。\n{url}",
  },
  "feedback.survey": {
    en: "This issue is closed as solved. Is the problem solved for you, and how satisfied are you?\n\nReact to this comment with 👍 or 👎, or reply with a number from 1 (not at all satisfied) to 5 (very satisfied), `satisfied` or `not satisfied`. If the problem is not solved, reply `not solved` and the issue is reopened.",
    zh: "此问题已按“已解决”关闭。问题是否已经解决？您对处理结果满意吗？\n\n请对本评论点 👍 或 👎，或回复 1（非常不满意）到 5（非常满意）之间的数字，或回复 `满意` / `一般` / `不满意`。如果问题仍未解决，请回复 `未解决`，问题会重新打开。",
  },
  "feedback.negative": {
    en: "The reporter is not satisfied with how this issue was handled. Please follow up with them within {within}.",
    zh: "报告人对此问题的处理结果不满意。请在 {within} 内跟进。",
  },
  "feedback.not-solved": {
    en: "The reporter says the problem is not solved, so the issue is reopened (its resolution clock continues). Please follow up with them within {within}.",
    zh: "报告人表示问题仍未解决，问题已重新打开（解决时限继续计算）。请在 {within} 内跟进。",
  },
  "feedback.follow-up-due": {
    en: "Feedback follow-up due: the reporter's negative answer has had no reply from the team for {since} (target {target}).",
    zh: "需要跟进反馈：报告人的负面反馈已 {since} 未得到团队回复（目标 {target}）。",
  },
  "clock.feedback": { en: "feedback follow-up", zh: "反馈跟进" },
  "clock.first-response": { en: "first response", zh: "首次响应" },
  "clock.update": { en: "progress update", zh: "进展更新" },
  "clock.mitigation": { en: "mitigation", zh: "缓解" },
  "clock.resolution": { en: "resolution", zh: "解决" },
  "alert.firing-again": {
    en: "**Alert firing again:** {alert} since {start}, {count} alert(s). {summary}",
    zh: "**告警再次触发：** {alert}，自 {start} 起，共 {count} 条告警。{summary}",
  },
  "alert.reopened": {
    en: "**Alert firing again — reopened:** {alert} since {start}, {count} alert(s), within {window} of the close. {summary}",
    zh: "**告警再次触发，已重新打开：** {alert}，自 {start} 起，共 {count} 条告警（在关闭后 {window} 之内）。{summary}",
  },
  "alert.resolved": {
    en: "**Alert resolved:** {alert} ended {end} after {duration} (since {start}). Labelled `{label}`; the root cause and the fix are still to be recorded.",
    zh: "**告警已恢复：** {alert} 于 {end} 结束，持续 {duration}（自 {start} 起）。已添加标签 `{label}`；根本原因与解决方案仍待记录。",
  },
};

/** Templates split once into literal text and placeholder names (odd indexes). */
const compiled = new Map<string, string[]>();

const splitTemplate = (template: string): string[] => {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{([\w-]+)\}/);
    compiled.set(template, parts);
  }
  return parts;
};

/**
 * The split templates of the message ids as one rules object reads them, chosen once per rules,
 * not per evaluation: by id, and by id and fallback for the messages that have one.
 */
interface Chosen {
  byId: Map<string, string[]>;
  withFallback: Map<string, Map<string, string[]>>;
}

const chosen = new WeakMap<Rules, Chosen>();

// The rules of the last message: one run evaluates with one rules object, so the weak map is
// asked only when the rules change.
let lastRules: Rules | undefined;
let lastChosen: Chosen | undefined;

function chosenFor(rules: Rules): Chosen {
  if (rules === lastRules && lastChosen !== undefined) return lastChosen;
  let entry = chosen.get(rules);
  if (entry === undefined) chosen.set(rules, (entry = { byId: new Map(), withFallback: new Map() }));
  lastRules = rules;
  lastChosen = entry;
  return entry;
}

function templateOf(rules: Rules, id: string, fallback: string | undefined): string[] {
  const override = rules.messages.get(id) ?? (fallback === undefined ? undefined : rules.messages.get(fallback));
  const template = override?.[rules.locale] ?? override?.en ?? DEFAULT_MESSAGES[id]?.[rules.locale] ?? DEFAULT_MESSAGES[id]?.en ?? id;
  return splitTemplate(template);
}

function fillParts(parts: readonly string[], vars: Readonly<Record<string, string | number>>): string {
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    const value = vars[name];
    out += (value === undefined ? `{${name}}` : String(value)) + (parts[i + 1] as string);
  }
  return out;
}

/** Fill `{name}` placeholders; unknown placeholders stay as written. */
export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return fillParts(splitTemplate(template), vars);
}

/**
 * The text of a message in the rules' locale, with placeholders filled. `fallback` is a message
 * the rules may have overridden instead (a variant of it): its override wins over this default.
 */
export function message(rules: Rules, id: string, vars: Readonly<Record<string, string | number>> = {}, fallback?: string): string {
  const entry = chosenFor(rules);
  let parts: string[] | undefined;
  if (fallback === undefined) {
    parts = entry.byId.get(id);
    if (parts === undefined) entry.byId.set(id, (parts = templateOf(rules, id, undefined)));
  } else {
    let byFallback = entry.withFallback.get(id);
    if (byFallback === undefined) entry.withFallback.set(id, (byFallback = new Map<string, string[]>()));
    parts = byFallback.get(fallback);
    if (parts === undefined) byFallback.set(fallback, (parts = templateOf(rules, id, fallback)));
  }
  // A message without placeholders is its template: no copy.
  return parts.length === 1 ? (parts[0] as string) : fillParts(parts, vars);
}

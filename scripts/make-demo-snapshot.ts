/**
 * Generates `demo/snapshot.json`, the bundled demo tracker that `npm run demo` audits: 30 support
 * issues of the fictional payments company "Acme Pay" (a support team in Shanghai that writes
 * English and Chinese), in the shapes the GitHub REST API returns for an issue, its comments and
 * its timeline. Scenarios are written compactly below; everything else (labels, assignees,
 * state, counts, ids, node ids, URLs, timeline) is derived from them, so the snapshot cannot
 * contradict itself. Issue-form bodies are rendered from `.github/ISSUE_TEMPLATE/support-*.yml`,
 * so the section headings are exactly those of the forms.
 *
 * Run: `node scripts/make-demo-snapshot.ts` (Node 24). The output is deterministic.
 * The scenario of every issue, and what an audit at 2026-03-11T10:00+08:00 should do, is in
 * `demo/README.md`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";

const ROOT = new URL("../", import.meta.url);
const OWNER = "acme";
const REPO = "pay-support";
const REPO_ID = 913_482_271;
const ORG_ID = 187_654_321;
const API = "https://api.github.com";
const WEB = "https://github.com";
const REPO_API = `${API}/repos/${OWNER}/${REPO}`;
const REPO_WEB = `${WEB}/${OWNER}/${REPO}`;
/** The demo audits at this instant; nothing in the snapshot may happen after it. */
const NOW = Date.parse("2026-03-11T10:00:00+08:00");
const FIRST_ISSUE = Date.parse("2026-03-02T00:00:00+08:00");
const LAST_ISSUE = Date.parse("2026-03-11T09:55:00+08:00");

// ---------------------------------------------------------------------------------------------
// People, labels, issue types
// ---------------------------------------------------------------------------------------------

interface Account {
  id: number;
  type: "User" | "Bot";
  association: "MEMBER" | "CONTRIBUTOR" | "NONE";
  /** GitHub App id, for bot avatars. */
  app?: number;
}

const PEOPLE = {
  // The support team (org members). oncall-zhang is this week's on-call senior engineer.
  "li-wei": { id: 38_214_907, type: "User", association: "MEMBER" },
  "chen-jing": { id: 41_872_236, type: "User", association: "MEMBER" },
  "sam-ortiz": { id: 27_640_915, type: "User", association: "MEMBER" },
  "priya-n": { id: 55_120_384, type: "User", association: "MEMBER" },
  "oncall-zhang": { id: 190_412_776, type: "User", association: "MEMBER" },
  // issue-shepherd's own machine account: an org member, so only its login tells it apart.
  "shepherd-bot": { id: 201_234_567, type: "User", association: "MEMBER" },
  "dependabot[bot]": { id: 49_699_333, type: "Bot", association: "NONE", app: 29_110 },
  // Reporters: merchants and partners.
  "globex-ops": { id: 142_857_031, type: "User", association: "NONE" },
  "kumar-payments": { id: 33_019_842, type: "User", association: "NONE" },
  "fresh-mart-sh": { id: 160_224_598, type: "User", association: "NONE" },
  "mei-ling-dev": { id: 47_720_193, type: "User", association: "CONTRIBUTOR" },
  "wangfang88": { id: 88_213_467, type: "User", association: "NONE" },
  "tanaka-h": { id: 12_098_734, type: "User", association: "NONE" },
  "bitwise-coffee": { id: 130_558_902, type: "User", association: "NONE" },
  "orbit-travel-eng": { id: 98_410_277, type: "User", association: "CONTRIBUTOR" },
  "hk-settle-ops": { id: 176_003_321, type: "User", association: "NONE" },
  "zhangsan-shop": { id: 151_188_040, type: "User", association: "NONE" },
  "luna-retail-it": { id: 61_203_398, type: "User", association: "CONTRIBUTOR" },
  "nordic-lamp-co": { id: 119_044_561, type: "User", association: "NONE" },
  "pixel-bakery-au": { id: 144_120_987, type: "User", association: "NONE" },
  "hz-retail-noc": { id: 183_300_452, type: "User", association: "NONE" },
  "cloud-kitchen-ops": { id: 170_552_819, type: "User", association: "NONE" },
  "xiaoyu-finance": { id: 165_230_774, type: "User", association: "NONE" },
  "mercado-dev": { id: 72_910_455, type: "User", association: "CONTRIBUTOR" },
  "liuyang-store": { id: 187_740_231, type: "User", association: "NONE" },
  "sunrise-hotels-it": { id: 139_902_716, type: "User", association: "NONE" },
  "zhou-mall-tech": { id: 158_811_203, type: "User", association: "NONE" },
  "sg-fintech-sre": { id: 104_455_870, type: "User", association: "CONTRIBUTOR" },
  "dmitri-k": { id: 23_887_410, type: "User", association: "NONE" },
  "lumen-games-ops": { id: 149_006_218, type: "User", association: "NONE" },
} satisfies Record<string, Account>;
type Login = keyof typeof PEOPLE;

/** The repository's labels: [color, description]. bug/question/enhancement are GitHub's defaults. */
const LABELS = {
  "priority/P0": ["b60205", "Core business down, most users affected"],
  "priority/P1": ["d93f0b", "Important function broken for part of the users"],
  "priority/P2": ["fbca04", "Minor function broken, single users"],
  "priority/P3": ["0e8a16", "Question or improvement"],
  "category/hardware": ["5319e7", "POS terminals, printers, card readers"],
  "category/software": ["1d76db", "Checkout, API, dashboard, apps"],
  "category/network": ["006b75", "Connectivity, VPN, TLS, DNS"],
  "category/account": ["c2e0c6", "Accounts, permissions, SSO"],
  "category/third-party": ["bfd4f2", "Card schemes, wallets, banks, SMS and e-mail providers"],
  "needs-info": ["d876e3", "Required information is missing"],
  "waiting-for-customer": ["c5def5", "Waiting on the reporter; SLA clocks paused"],
  mitigated: ["0e8a16", "Impact mitigated, root cause fix pending"],
  "sla/at-risk": ["fbca04", "An SLA clock is past 75 %"],
  "sla/breached": ["b60205", "An SLA target was missed"],
  escalated: ["e11d21", "Escalated to the support manager"],
  "closure/incomplete": ["f9d0c4", "Closed without root cause, solution or verification"],
  bug: ["d73a4a", "Something isn't working"],
  question: ["d876e3", "Further information is requested"],
  enhancement: ["a2eeef", "New feature or request"],
} satisfies Record<string, readonly [string, string]>;
type LabelName = keyof typeof LABELS;
const DEFAULT_LABELS: ReadonlySet<string> = new Set(["bug", "question", "enhancement"]);

const ISSUE_TYPES = {
  Bug: { id: 14_582_301, color: "red", description: "An unexpected problem or behavior" },
  Feature: { id: 14_582_302, color: "blue", description: "A request, idea, or new functionality" },
  Question: { id: 14_582_310, color: "purple", description: "A question about how something works" },
} as const;
type IssueTypeName = keyof typeof ISSUE_TYPES;

// ---------------------------------------------------------------------------------------------
// Scenario language
// ---------------------------------------------------------------------------------------------

type CloseReason = "completed" | "not_planned" | "duplicate";
type Step =
  | { kind: "comment"; at: string; by: Login; body: string }
  | { kind: "labeled" | "unlabeled"; at: string; by: Login; labels: LabelName[] }
  | { kind: "assigned" | "unassigned"; at: string; by: Login; who: Login }
  | { kind: "closed"; at: string; by: Login; reason: CloseReason }
  | { kind: "reopened"; at: string; by: Login }
  | { kind: "marked_as_duplicate"; at: string; by: Login }
  /** The author edited the issue body (the scenario's body is the text after the edit). */
  | { kind: "edited"; at: string }
  /** Someone was @mentioned (GitHub adds `mentioned` and `subscribed` events for them). */
  | { kind: "mentioned"; at: string; who: Login };

/** Times are "MM-DD HH:MM[:SS]" in Asia/Shanghai (UTC+8), March 2026. Without seconds, a stable pseudo-random second is used. */
const say = (at: string, by: Login, body: string): Step => ({ kind: "comment", at, by, body });
const label = (at: string, by: Login, ...labels: LabelName[]): Step => ({ kind: "labeled", at, by, labels });
const unlabel = (at: string, by: Login, ...labels: LabelName[]): Step => ({ kind: "unlabeled", at, by, labels });
const assign = (at: string, by: Login, who: Login): Step => ({ kind: "assigned", at, by, who });
const close = (at: string, by: Login, reason: CloseReason): Step => ({ kind: "closed", at, by, reason });
const reopen = (at: string, by: Login): Step => ({ kind: "reopened", at, by });
const duplicate = (at: string, by: Login): Step => ({ kind: "marked_as_duplicate", at, by });
const edit = (at: string): Step => ({ kind: "edited", at });
const mention = (at: string, who: Login): Step => ({ kind: "mentioned", at, who });

interface Scenario {
  number: number;
  at: string;
  by: Login;
  title: string;
  type: IssueTypeName | null;
  body: string;
  steps: Step[];
  /** 👍 on the issue. */
  thumbsUp?: number;
}

/** Lines joined as a browser submits a form answer or a comment typed by a team member. */
const md = (...lines: string[]): string => lines.join("\n");
/** Lines joined with CRLF, as bodies pasted from mail clients and Windows editors arrive. */
const crlf = (...lines: string[]): string => lines.join("\r\n");

// ---------------------------------------------------------------------------------------------
// Issue forms, read from .github/ISSUE_TEMPLATE so that headings never drift from the forms
// ---------------------------------------------------------------------------------------------

type FieldId = "area" | "impact" | "symptom" | "started" | "steps" | "environment";
type Answers = Partial<Record<FieldId, string>>;

interface FormItem {
  type: "markdown" | "dropdown" | "textarea" | "input" | "checkboxes";
  id?: string;
  attributes: { label?: string; options?: (string | { label: string })[] };
}

function loadForm(file: string): FormItem[] {
  const form = parse(readFileSync(new URL(`.github/ISSUE_TEMPLATE/${file}`, ROOT), "utf8")) as { body: FormItem[] };
  return form.body.filter((item) => item.type !== "markdown");
}

const FORMS = { en: loadForm("support-en.yml"), zh: loadForm("support-zh.yml") };

/** Render the body GitHub writes for a submitted issue form; unanswered fields read `_No response_`. */
function form(lang: keyof typeof FORMS, answers: Answers): string {
  const known = new Set(FORMS[lang].map((item) => item.id));
  for (const id of Object.keys(answers)) if (!known.has(id)) throw new Error(`form ${lang}: no field ${id}`);
  return FORMS[lang]
    .map((item) => {
      const heading = `### ${item.attributes.label ?? ""}`;
      const options = item.attributes.options ?? [];
      if (item.type === "checkboxes") {
        return `${heading}\n\n${options.map((o) => `- [X] ${typeof o === "string" ? o : o.label}`).join("\n")}`;
      }
      const answer = answers[item.id as FieldId];
      if (item.type === "dropdown" && answer !== undefined && !options.includes(answer)) {
        throw new Error(`form ${lang}: "${answer}" is not an option of ${item.id}`);
      }
      return `${heading}\n\n${answer ?? "_No response_"}`;
    })
    .join("\n\n");
}
const en = (answers: Answers): string => form("en", answers);
const zh = (answers: Answers): string => form("zh", answers);

// ---------------------------------------------------------------------------------------------
// The scenarios (see demo/README.md for what each one demonstrates)
// ---------------------------------------------------------------------------------------------

const SCENARIOS: Scenario[] = [
  {
    number: 101,
    at: "03-02 10:20",
    by: "nordic-lamp-co",
    title: "Accept USDT / Bitcoin at checkout",
    type: "Feature",
    body: en({
      area: "Checkout",
      impact: "Not a fault — feature request. About 5 % of our customers have asked to pay with crypto.",
      symptom: "Hosted checkout offers cards, Alipay and WeChat Pay only; there is no crypto option.",
      started: "n/a",
      environment: "Hosted checkout v3",
    }),
    steps: [
      label("03-02 11:05", "li-wei", "enhancement", "priority/P3"),
      say(
        "03-03 10:50",
        "li-wei",
        "Thanks for the suggestion. Accepting crypto-assets is not something Acme Pay can offer under its current licences in the markets we serve, so this is not on the roadmap. Closing as not planned — we will update this issue if that changes.",
      ),
      close("03-03 10:51", "li-wei", "not_planned"),
    ],
  },
  {
    number: 102,
    at: "03-02 14:05",
    by: "orbit-travel-eng",
    title: "[Support]: Payment links expire after 1 hour instead of 24 hours",
    type: "Bug",
    body: en({
      area: "Checkout",
      impact: "Every payment link we create for travel bookings (~300 a day). Customers who open the link after an hour see an expired page.",
      symptom: md(
        'Links created with `expires_in: 86400` show "This payment link has expired" after 60 minutes. The API response already has `expires_at` one hour after creation:',
        "",
        "```json",
        '{"id":"plink_7Hc2Qk9x","expires_in":86400,"expires_at":"2026-03-02T06:02:11Z"}',
        "```",
        "",
        "Request id of an affected link: `req_3b9d0f51c2a74e0a`",
      ),
      started: "2026-03-02 around 10:00 UTC+8 (first customer complaint at 11:40)",
      steps: md(
        '1. `POST /v2/payment_links` with `{"amount": 129900, "currency": "CNY", "expires_in": 86400}`',
        "2. Open the returned `url` more than 60 minutes later",
        "3. The page says the link has expired",
      ),
      environment: "Production API v2, acmepay-node 4.8.0 on Node 20, AWS cn-north-1",
    }),
    steps: [
      label("03-02 14:30", "sam-ortiz", "bug", "priority/P2", "category/software"),
      assign("03-02 14:30", "sam-ortiz", "sam-ortiz"),
      say(
        "03-02 14:32",
        "sam-ortiz",
        "Thanks for the clear report. I can reproduce it in sandbox: `expires_in` above 3600 is capped. Looking at the last deploy now.",
      ),
      say("03-03 09:15", "orbit-travel-eng", "Any workaround? We are re-sending links by hand for now."),
      say(
        "03-03 09:40",
        "sam-ortiz",
        "Workaround until the fix ships: create the link with `expires_at` (an absolute timestamp) instead of `expires_in` — that path is not affected.",
      ),
      say(
        "03-04 15:10",
        "sam-ortiz",
        "The fix is deployed in release 2026.03.04-2. Could you create a new link with `expires_in: 86400` and confirm it is still valid after an hour?",
      ),
      say("03-04 16:25", "orbit-travel-eng", "Confirmed — a link created at 15:20 is still valid and `expires_at` is 24 h out. Thanks!"),
      say(
        "03-04 16:38",
        "sam-ortiz",
        crlf(
          "### Root cause",
          "",
          "Release 2026.03.02-1 added a validation that clamps `expires_in` to the maximum of a *checkout session* (3600 s) instead of the payment-link maximum (30 days).",
          "",
          "### Solution",
          "",
          "The validator uses the payment-link limit again (acme/pay#8812), with a regression test; deployed in 2026.03.04-2. Links created between 03-02 10:05 and 03-04 15:02 were re-issued with the expiry that was asked for.",
          "",
          "### Verification",
          "",
          "Verified by @orbit-travel-eng in production (link created 15:20, still valid after one hour) and by the regression test in CI.",
        ),
      ),
      close("03-04 16:40", "sam-ortiz", "completed"),
    ],
  },
  {
    number: 103,
    at: "03-03 09:50",
    by: "cloud-kitchen-ops",
    title: "退款成功后用户收不到短信通知",
    type: null,
    body: zh({
      area: "其他",
      impact: "我们所有门店的退款订单，3 月 3 日以来约 60 笔，用户没有收到「退款已受理」短信。",
      symptom: "商户后台显示退款成功，但用户手机没有收到短信。后台「通知记录」里状态是 `FAILED`，错误信息：`SMS_PROVIDER_REJECTED: template not approved (code 40035)`",
      started: "2026-03-03 早上 8 点左右",
      steps: md("1. 在商户后台对任意一笔订单发起退款", "2. 退款成功后查看「通知记录」", "3. 短信状态为 FAILED"),
      environment: "商户后台网页版，Chrome 122，macOS 14",
    }),
    steps: [
      label("03-03 10:15", "chen-jing", "priority/P2", "category/third-party"),
      assign("03-03 10:15", "chen-jing", "chen-jing"),
      say("03-03 10:20", "chen-jing", "收到，我们先查一下短信服务商那边的模板状态。"),
      say(
        "03-03 14:30",
        "chen-jing",
        "短信服务商反馈：3 月 2 日晚上他们升级了审核规则，我们的退款通知模板被重新标记为「待审核」。已提交加急审核，预计明天上午通过。",
      ),
      say("03-04 11:05", "cloud-kitchen-ops", "今天的退款短信已经能收到了，谢谢！"),
      say(
        "03-04 11:20",
        "chen-jing",
        md(
          "### 根本原因",
          "",
          "短信服务商 3 月 2 日升级模板审核规则后，把「退款已受理」模板（含金额变量）重新标记为待审核，发送被拒（40035）。我们的监控只统计接口调用成功率，没有统计回执失败率，所以没有及时发现。",
          "",
          "### 解决方案",
          "",
          "1. 模板已重新提交，3 月 4 日 09:40 审核通过；",
          "2. 3 月 3 日至 4 日发送失败的 58 条短信已补发；",
          "3. 监控增加「短信回执失败率 > 5%」告警。",
          "",
          "### 验证",
          "",
          "客户确认 3 月 4 日的退款短信已正常收到；补发记录在「通知记录」中状态均为 `DELIVERED`。",
        ),
      ),
      close("03-04 11:21", "chen-jing", "completed"),
    ],
  },
  {
    number: 104,
    at: "03-03 15:10",
    by: "luna-retail-it",
    title: "Receipt printer (Acme P58) cuts paper in the middle of the receipt after firmware 2.3.0",
    type: "Bug",
    body: en({
      area: "POS devices (terminals, printers)",
      impact: "3 stores (#12, #15, #21), 7 printers; receipts longer than ~30 lines are cut in two.",
      symptom: "The printer cuts the paper after about 32 lines and prints the rest on a second slip. No error on the terminal; the printer status LED stays green.",
      started: "2026-03-03 morning, after the printers updated themselves to firmware 2.3.0 overnight",
      steps: md("1. Ring up 12 or more items on the POS", "2. Complete the sale", "3. The receipt is cut after line 32"),
      environment: "Acme P58 printer, firmware 2.3.0; Acme T2 terminal, POS app 6.14.1 (Android 11)",
    }),
    steps: [
      label("03-03 15:30", "chen-jing", "bug", "priority/P2", "category/hardware"),
      assign("03-03 15:30", "chen-jing", "chen-jing"),
      say(
        "03-03 15:40",
        "chen-jing",
        "Thanks! Could you print a self-test page (hold FEED while switching the printer on) and attach a photo? I'd like to see the cutter settings.",
      ),
      say(
        "03-03 16:30",
        "luna-retail-it",
        md(
          "Self-test page from store #12:",
          "",
          "![self-test](https://github.com/user-attachments/assets/5d0c1f4e-2b1e-4a57-9d1e-7a8f3c2b6e11)",
          "",
          "It says `Auto-cut: 32 lines`.",
        ),
      ),
      say(
        "03-04 10:30",
        "chen-jing",
        "Confirmed with the device team: 2.3.0 changed the default auto-cut. We are rolling out 2.3.1 to your stores now (over the air, ~15 min, the printers restart once).",
      ),
      say("03-04 14:00", "luna-retail-it", "All 7 printers are on 2.3.1 and receipts are fine again."),
      say(
        "03-04 14:20",
        "chen-jing",
        md(
          "Thanks for confirming, closing.",
          "",
          "- [x] Root cause: firmware 2.3.0 set the default auto-cut to 32 lines for 58 mm paper (it should be off)",
          "- [x] Solution: firmware 2.3.1 restores the old default; pushed over the air to every P58 printer that had 2.3.0",
          "- [x] Verification: @luna-retail-it confirmed on all 7 printers; QA printed a 60-line receipt on 2.3.1",
          "- [x] Help-centre article on auto-cut settings updated",
        ),
      ),
      close("03-04 14:21", "chen-jing", "completed"),
    ],
  },
  {
    number: 105,
    at: "03-05 10:40",
    by: "liuyang-store",
    title: "如何导出带商户订单号的交易明细？",
    type: "Question",
    body: zh({
      area: "商户后台",
      impact: "只影响我们财务对账（1 个商户账号）。",
      symptom: "导出的交易明细 Excel 里没有「商户订单号」这一列，没法和我们 ERP 的订单对上。没有报错。",
      started: "一直如此，3 月 5 日发现",
      steps: md("1. 商户后台 → 交易明细", "2. 选择日期范围，点「导出」", "3. 打开 Excel，没有商户订单号列"),
      environment: "Windows 11，Edge 122，Excel 2021",
    }),
    steps: [
      label("03-05 10:50", "chen-jing", "question", "priority/P3", "category/software"),
      assign("03-05 10:50", "chen-jing", "chen-jing"),
      say("03-05 11:00", "chen-jing", "你好，商户订单号默认不导出，可以在导出前点击右上角「自定义列」勾选。请试一下是否满足需要～"),
      say("03-05 14:00", "liuyang-store", "勾选了，但导出后这一列是空的。"),
      say("03-06 10:20", "chen-jing", "这是已知问题：3 月 1 日以前的订单导出时商户订单号为空，研发在修，修好后通知你。"),
      say(
        "03-10 17:40",
        "chen-jing",
        md(
          "修复已上线。",
          "",
          "### 解决方案",
          "",
          "导出服务已修复历史订单的商户订单号映射；在「交易明细 → 自定义列」勾选「商户订单号」后重新导出即可。帮助中心已补充说明。",
          "",
          "### 验证",
          "",
          "已用客户的账号导出 2 月份明细，商户订单号列完整。",
        ),
      ),
      close("03-10 17:45", "chen-jing", "completed"),
    ],
  },
  {
    number: 106,
    at: "03-06 16:00:00",
    by: "kumar-payments",
    title: "How do I rotate the webhook signing secret without losing events?",
    type: "Question",
    body: en({
      area: "API & webhooks",
      impact: "Only our integration team; nothing is broken yet, but our security policy requires rotating the secret by 2026-03-20.",
      symptom:
        'No error. The dashboard has a "Roll secret" button but the docs do not say whether the old secret keeps working. If it stops at once, our verifier will reject events with `401 invalid signature` until we redeploy.',
      started: "n/a (question)",
      steps: md(
        "1. Dashboard → Developers → Webhooks → endpoint `we_3KfA82`",
        '2. Click "Roll secret"',
        "3. Unclear what happens to events signed with the old secret",
      ),
      environment: "acmepay-python 2.11.0, Python 3.12, endpoint behind an AWS ALB",
    }),
    steps: [
      label("03-06 16:10", "sam-ortiz", "question", "priority/P3", "category/software"),
      assign("03-06 16:10", "sam-ortiz", "sam-ortiz"),
      say("03-10 11:02", "kumar-payments", "Friendly ping — could someone from the team have a look?"),
    ],
  },
  {
    number: 107,
    at: "03-06 16:30:00",
    by: "fresh-mart-sh",
    title: "门店收银小票打印机打印乱码",
    type: null,
    body: zh({
      area: "收银设备（POS、打印机）",
      impact: "徐汇区 2 家门店（店号 SH-031、SH-044）的 3 台小票打印机，其他门店正常。",
      symptom: "小票上商品名称变成乱码，例如「鲜牛奶」打印成「椴婄墰濂?」，金额和条码正常。打印机没有报错。",
      started: "2026-03-06 下午（约 15:00）",
      steps: md("1. 在收银机上完成一笔含中文商品名的交易", "2. 打印小票", "3. 商品名称为乱码（英文和数字正常）"),
      environment: "Acme P58 打印机（固件 2.3.1），Acme T2 收银机，收银 App 6.15.0（Android 11）",
    }),
    steps: [
      label("03-06 16:50", "li-wei", "priority/P2", "category/hardware"),
      assign("03-06 16:50", "li-wei", "li-wei"),
      say(
        "03-06 17:05",
        "li-wei",
        "你好，看起来是打印机字符集被切换成了 GBK 以外的编码。麻烦长按 FEED 键打印一张自检页，拍照发我们看一下「Code page」那一行。",
      ),
      say("03-06 17:40", "fresh-mart-sh", "自检页显示 Code page: UTF-8。"),
      say(
        "03-09 11:00",
        "li-wei",
        "找到原因了：6.15.0 版本的收银 App 按 GBK 发送，而这 3 台打印机被误设成了 UTF-8。已经给两家门店寄了设置卡（扫码即可恢复），预计明天下午到。",
      ),
      say("03-10 15:20", "fresh-mart-sh", "收到设置卡了，明早开门前处理。"),
    ],
  },
  {
    number: 108,
    at: "03-09 09:45:00",
    by: "mei-ling-dev",
    title: "Refund API returns 409 conflict for partially captured orders",
    type: "Bug",
    // As first submitted, "Steps to reproduce" and "Environment" read _No response_; the
    // reporter filled them in at 15:00 after li-wei asked.
    body: en({
      area: "API & webhooks",
      impact: "Refunds of partially captured orders — about 20 a day on our marketplace. Refunds of full captures work.",
      symptom: md(
        "```",
        "POST /v2/refunds → 409 Conflict",
        '{"error":{"code":"charge_state_conflict","message":"Charge ch_9LxT41 is not in a refundable state"}}',
        "```",
        "",
        "Works in sandbox. Example request id: `req_e1c07b9a44d3`",
      ),
      started: "2026-03-08 around 22:00 UTC+8",
      steps: md(
        "1. Authorise 100.00 CNY, capture 60.00 CNY (`POST /v2/charges/{id}/capture` with `amount: 6000`)",
        '2. `POST /v2/refunds` with `{"charge": "ch_…", "amount": 2000}`',
        "3. The answer is 409 `charge_state_conflict`",
      ),
      environment: "Production, acmepay-java 3.4.1, Java 17, calls from Alibaba Cloud cn-shanghai",
    }),
    steps: [
      label("03-09 10:28", "li-wei", "bug", "priority/P2", "category/software"),
      assign("03-09 10:28", "li-wei", "li-wei"),
      label("03-09 10:30", "li-wei", "needs-info"),
      say(
        "03-09 10:30",
        "li-wei",
        "Thanks @mei-ling-dev. Could you add the steps to reproduce (the exact API calls, without keys) and the SDK and runtime you use to the description? I've added `needs-info` until then.",
      ),
      edit("03-09 15:00"),
      say("03-09 15:02", "mei-ling-dev", "Done — the steps and the environment are in the description now."),
    ],
  },
  {
    number: 109,
    at: "03-09 10:00:00",
    by: "wangfang88",
    title: "沙箱环境如何模拟支付失败的异步通知？",
    type: "Question",
    body: zh({
      area: "API 与 Webhook",
      impact: "只影响我们在沙箱环境的联调，不影响线上交易。",
      symptom: "想测试支付失败时我们系统的处理逻辑，但沙箱里的交易总是成功，收不到 `trade.failed` 通知。没有报错。",
      started: "2026-03-09 开始联调",
      steps: md("1. 沙箱创建订单", "2. 用测试卡 6222 0000 0000 0001 付款", "3. 只收到 `trade.succeeded`"),
      environment: "沙箱环境，PHP 8.2，acmepay-php 1.9.0",
    }),
    steps: [
      // issue-shepherd inferred P0 from "支付"; chen-jing set P3 a few minutes later but left P0 on.
      label("03-09 10:01:12", "shepherd-bot", "priority/P0"),
      label("03-09 10:06", "chen-jing", "priority/P3", "question"),
      assign("03-09 10:06", "chen-jing", "chen-jing"),
      say(
        "03-09 10:07",
        "chen-jing",
        "你好！沙箱里用金额尾数控制结果：金额以 .04 结尾（比如 10.04）会返回「余额不足」并推送 `trade.failed`，.05 结尾会模拟超时。详见文档「沙箱测试金额」一节。",
      ),
      say("03-09 10:40", "wangfang88", "可以了，谢谢！另外 `trade.failed` 会重试几次？"),
      say("03-10 11:15", "chen-jing", "失败通知和成功通知一样，最多重试 8 次，间隔 15s/1m/5m/… 直到你返回 HTTP 200。"),
    ],
  },
  {
    number: 110,
    at: "03-09 11:00:00",
    by: "tanaka-h",
    title: "Merchant dashboard shows duplicate settlement entries for 2026-03-08",
    type: "Bug",
    body: en({
      area: "Payouts & settlement",
      impact: "Our merchant account (M-20417) — one user, but our finance team cannot close the month.",
      symptom:
        "The settlement report for 2026-03-08 lists every transaction twice and the totals are doubled (¥48,210.00 shown, ¥24,105.00 actually paid out). The CSV export has the same duplicates. No error message.",
      started: "2026-03-09 08:30 UTC+8 (first time we opened the report)",
      steps: md(
        "1. Dashboard → Settlement → Daily reports",
        "2. Select 2026-03-08",
        "3. Each transaction appears twice with the same `txn_id`",
      ),
      environment: "Merchant dashboard (web), Firefox 123 on Windows 11; same in Chrome",
    }),
    steps: [
      label("03-09 11:10", "li-wei", "bug", "priority/P2", "category/software"),
      assign("03-09 11:10", "li-wei", "priya-n"),
      // The audit of Monday 16:05 found the first response overdue (due 16:00 with the lunch break) and said so, once.
      label("03-09 16:05:31", "shepherd-bot", "sla/breached"),
      say(
        "03-09 16:05:33",
        "shepherd-bot",
        md(
          "SLA breached: **first response** for P2 — target 4h, overdue by 5m (business time, business).",
          "",
          "<!-- issue-shepherd:sla-breach/first-response/cycle-1 -->",
        ),
      ),
      say("03-10 10:20", "tanaka-h", "Any update? Our finance team is blocked on this."),
    ],
  },
  {
    number: 111,
    at: "03-09 11:20:00",
    by: "bitwise-coffee",
    title: "Apple Pay option in hosted checkout",
    type: "Feature",
    body: en({
      area: "Checkout",
      impact: "Feature request — about 40 % of our online orders come from iPhones and customers ask for Apple Pay.",
      symptom: "Hosted checkout on iOS Safari offers only Card, Alipay and WeChat Pay. No error.",
      started: "n/a (feature request)",
      steps: md("1. Open our hosted checkout on an iPhone (Safari)", "2. Only Card, Alipay and WeChat Pay are listed"),
      environment: "Hosted checkout v3, iOS 17.3 Safari",
    }),
    steps: [
      label("03-09 11:30", "sam-ortiz", "enhancement", "priority/P2"),
      assign("03-09 11:30", "sam-ortiz", "sam-ortiz"),
      say(
        "03-09 13:45",
        "sam-ortiz",
        "Thanks for the request! Apple Pay in hosted checkout is planned for Q2 (merchant-domain verification is the missing piece). As this is an improvement rather than a fault I'm moving it to P3.",
      ),
      unlabel("03-09 13:46", "sam-ortiz", "priority/P2"),
      label("03-09 13:46", "sam-ortiz", "priority/P3"),
      say("03-09 16:00", "bitwise-coffee", "Great — is there a beta we could join?"),
      say("03-10 10:30", "sam-ortiz", "Yes, the beta starts in May. I've added your account (M-11873) to the list; you'll get an e-mail."),
    ],
  },
  {
    number: 112,
    at: "03-09 14:30:00",
    by: "orbit-travel-eng",
    title: "[Support]: Payout report CSV uses UTC instead of the merchant's time zone",
    type: "Bug",
    body: en({
      area: "Payouts & settlement",
      impact: "Our 3 merchant accounts in India and Singapore; our finance team reconciles every day.",
      symptom:
        "Timestamps in `payout_report_2026-03-08.csv` are in UTC although the account time zone is Asia/Kolkata, so late-evening payouts fall on the wrong day.",
      started: "2026-03-06, the first report generated after the dashboard update",
      steps: md(
        "1. Set the account time zone to Asia/Kolkata",
        "2. Dashboard → Payouts → Export CSV for 2026-03-08",
        "3. The `created_at` column is in UTC (`2026-03-08T18:45:00Z` instead of `2026-03-09 00:15 +05:30`)",
      ),
      environment: "Merchant dashboard (web), Chrome 122, macOS 14.3",
    }),
    steps: [
      label("03-09 14:40", "chen-jing", "bug", "priority/P2", "category/software"),
      assign("03-09 14:40", "chen-jing", "chen-jing"),
      say(
        "03-09 14:45",
        "chen-jing",
        "Thanks, reproduced with a test account in Asia/Singapore. The new export service seems to ignore the account time zone.",
      ),
      say(
        "03-10 10:50",
        "chen-jing",
        md(
          "Fixed and deployed.",
          "",
          "### Root cause",
          "",
          "On 03-06 the CSV export moved to the new reporting service, which formats timestamps without applying the account time zone.",
          "",
          "### Solution",
          "",
          "The export now converts `created_at` and `settled_at` to the account time zone and writes the offset; deployed 2026-03-10 10:30.",
          "",
          "### Verification",
          "",
          "Verified on staging and production with a merchant account in Asia/Singapore (UTC+8): a payout at 23:50 local time is on the right day.",
        ),
      ),
      close("03-10 11:00", "chen-jing", "completed"),
      say(
        "03-11 09:19",
        "orbit-travel-eng",
        "Still wrong for our India account: the offset is applied as +05:00, so every timestamp is 30 minutes off and payouts between 23:30 and midnight are still on the wrong day. Reopening.",
      ),
      reopen("03-11 09:20", "orbit-travel-eng"),
    ],
  },
  {
    number: 113,
    at: "03-10 11:30:00",
    by: "hk-settle-ops",
    title: "Settlement batch SB-20260310-HK failed — HK merchants not credited",
    type: "Bug",
    body: en({
      area: "Payouts & settlement",
      impact: "About 140 Hong Kong merchants (roughly a third of our HK base) did not receive today's settlement; HKD 2.3 M in total.",
      symptom:
        'Batch SB-20260310-HK has status `FAILED` in the settlement console with `FX_RATE_UNAVAILABLE: HKD/CNH rate missing for value date 2026-03-10`. Merchants see "Settlement pending" in their dashboard.',
      started: "2026-03-10 10:58 HKT (batch run time)",
      steps: md("1. Settlement console → Batches → SB-20260310-HK", "2. Status FAILED, 0 of 412 transfers sent"),
      environment: "Acme Pay settlement console (production, HK region)",
    }),
    steps: [
      label("03-10 11:35", "li-wei", "bug", "priority/P1", "category/software"),
      assign("03-10 11:35", "li-wei", "li-wei"),
      say("03-10 11:38", "li-wei", "Acknowledged — looking at the batch now. Next update by 12:10."),
      say(
        "03-10 12:05",
        "li-wei",
        md(
          "Update: the FX rate feed returned no HKD/CNH rate for 10:58, so the batch aborted before sending any transfer.",
          "",
          "### Root cause",
          "",
          "Our FX provider skipped its 10:55 publication (their incident INC-88213) and the batch has no fallback to the previous rate.",
          "",
          "Next: re-run the batch with the 11:00 rate once treasury approves.",
        ),
      ),
      say("03-10 12:10", "hk-settle-ops", "Thanks. Please keep us posted, merchants are calling."),
      say("03-10 12:34", "li-wei", "Treasury approval requested. Next update 13:05."),
      say("03-10 13:03", "li-wei", "Still waiting for treasury sign-off; they need the rate-difference report."),
      say("03-10 13:31", "li-wei", "Report sent to treasury. Re-run prepared."),
      say("03-10 14:00", "li-wei", "Treasury approved. Re-run started 13:58."),
      say(
        "03-10 14:29",
        "li-wei",
        "The re-run failed at the bank step: `HSBC-HK cut-off passed for same-day CHATS`. Transfers must go in tomorrow's 09:00 window unless we use the faster payment route.",
      ),
      say("03-10 14:58", "li-wei", "Checking with the bank whether FPS can take 412 transfers today."),
      say("03-10 15:25", "li-wei", "The bank's FPS limit is 100 transfers per batch; splitting."),
      label("03-10 15:35", "li-wei", "escalated"),
      assign("03-10 15:35", "li-wei", "oncall-zhang"),
      say(
        "03-10 15:36",
        "li-wei",
        "We will miss the 4 h resolution target. Escalating: @oncall-zhang please take over the split FPS run with the bank team.",
      ),
      mention("03-10 15:36", "oncall-zhang"),
      say("03-10 15:41", "oncall-zhang", "/ack — taking over."),
      say(
        "03-10 16:08",
        "oncall-zhang",
        "Split into 5 FPS runs; the first run (100 transfers) was rejected: the bank needs a new mandate for FPS bulk. Mandate request filed.",
      ),
      say("03-10 16:37", "oncall-zhang", "The bank will not process the mandate today. Plan: CHATS re-run at 09:00 tomorrow (first window)."),
      say(
        "03-10 17:05",
        "oncall-zhang",
        "Re-run scheduled for 2026-03-11 09:00 HKT. Merchants are informed by a dashboard banner. Next update after the run.",
      ),
      say("03-11 08:45", "hk-settle-ops", "Any news? Merchants are asking whether the money arrives today."),
      say("03-11 09:04", "oncall-zhang", "Re-run SB-20260310-HK-R2 started 09:00; 412 transfers submitted."),
      say("03-11 09:31", "oncall-zhang", "The bank confirmed receipt of all 412 transfers; 398 settled so far."),
      say(
        "03-11 09:55",
        "oncall-zhang",
        "410 of 412 settled. 2 rejected (closed beneficiary accounts) — contacting those two merchants.",
      ),
    ],
  },
  {
    number: 114,
    at: "03-10 14:00:00",
    by: "zhangsan-shop",
    title: "[支持]: Webhook 签名校验失败：invalid signature",
    type: null,
    // As first submitted, 环境 also read _No response_; the reporter added it at 16:30.
    body: zh({
      area: "API 与 Webhook",
      impact: "我们商城的异步通知处理，今天下午以来约 200 条通知验签失败，订单状态没有更新。",
      symptom: md(
        "验签失败，异常如下：",
        "```",
        "AcmePay\\Exception\\SignatureVerificationException: invalid signature (header t=1773122401, v1=5f2c09ab…)",
        "```",
        "我们按文档用 HMAC-SHA256 计算，结果和 v1 对不上。",
      ),
      environment: "Java 17 + acmepay-java 3.4.1，生产环境，Nginx 1.24 反向代理",
    }),
    steps: [
      label("03-10 14:01:05", "shepherd-bot", "needs-info"),
      say(
        "03-10 14:01:07",
        "shepherd-bot",
        md(
          "Thanks for the report. To work on it we still need:",
          "",
          "- [ ] Start time",
          "- [ ] Steps to reproduce",
          "- [ ] Environment",
          "",
          "Please edit the issue description to add them — this comment updates itself, and the `needs-info` label comes off once everything is there.",
          "",
          "<!-- issue-shepherd:intake/missing -->",
        ),
      ),
      label("03-10 15:00", "chen-jing", "category/software"),
      say(
        "03-10 15:00",
        "chen-jing",
        "你好，验签要用**原始请求体**（raw body）计算，不能用反序列化后再序列化的 JSON；如果经过 Nginx，也注意不要改写 body。麻烦补充一下开始时间和复现步骤，我们好对照日志。",
      ),
      edit("03-10 16:30"),
      say("03-10 16:32", "zhangsan-shop", "环境已补充。我们确实用的是 Spring 的 `@RequestBody` 对象，明天改成原始 body 试试。"),
    ],
  },
  {
    number: 115,
    at: "03-10 15:00:00",
    by: "luna-retail-it",
    title: "SSO login loop for Okta-federated admin accounts",
    type: "Bug",
    body: en({
      area: "Account & SSO",
      impact: "12 admin users in our organisation cannot open the merchant dashboard; cashiers (password login) are not affected.",
      symptom:
        "After the Okta sign-in the browser bounces between `https://dashboard.acmepay.example/sso/callback` and Okta until Chrome shows `ERR_TOO_MANY_REDIRECTS`. The SAML tracer shows a `302` from `/sso/callback` with `error=invalid_audience`.",
      started: "2026-03-10 13:20 UTC+8",
      steps: md(
        '1. Go to https://dashboard.acmepay.example and click "Sign in with SSO"',
        "2. Enter the organisation slug `luna-retail`",
        "3. Authenticate in Okta → redirect loop",
      ),
      environment: "Chrome 122 and Edge 122 on Windows 11; Okta SAML 2.0 app (IdP- and SP-initiated sign-in both fail)",
    }),
    steps: [
      label("03-10 15:05", "priya-n", "bug", "priority/P1", "category/account"),
      assign("03-10 15:05", "priya-n", "priya-n"),
      say("03-10 15:10", "priya-n", "Thanks — I can see the `invalid_audience` errors for your organisation in our logs since 13:18. Investigating."),
      say(
        "03-10 15:35",
        "priya-n",
        md(
          "Update:",
          "",
          "### Root cause",
          "",
          "Our 13:15 release switched the SAML service-provider entity ID to `https://app.acmepay.example/saml` for organisations that moved to the new dashboard; your Okta app still sends the old audience `https://dashboard.acmepay.example`.",
          "",
          "We can roll your organisation back to the old entity ID, or you update the Okta app. Checking which is faster.",
        ),
      ),
      say("03-10 15:50", "luna-retail-it", "We'd rather not touch Okta during store hours. Can you roll back on your side?"),
      say(
        "03-10 15:58",
        "priya-n",
        "Rolling back a single organisation needs your SAML metadata re-imported. Could you export the Okta app's metadata XML and attach it here (or send it to support@acmepay.example with this issue number)? I'm marking this as waiting for you.",
      ),
      label("03-10 16:00", "priya-n", "waiting-for-customer"),
    ],
  },
  {
    number: 116,
    at: "03-10 15:45:00",
    by: "priya-n",
    title: "Daily settlement e-mails to merchants delayed by ~2 hours",
    type: "Bug",
    body: en({
      area: "Payouts & settlement",
      impact:
        "Merchants with QQ Mail or 163.com addresses (about 30 % of CN merchants) get the daily settlement e-mail 1–2 h late. Settlement itself is on time. Found on the notification dashboard; no merchant complaints yet.",
      symptom:
        "The e-mail provider's event log shows `deferred` with `421 4.7.0 Try again later` from mx3.qq.com and 163mx01.mxmail.netease.com since 13:00.",
      started: "2026-03-10 13:00 UTC+8",
      steps: md("1. Trigger a settlement e-mail to a qq.com test address", "2. Delivery is deferred; it arrives 60–120 min later"),
      environment: "Production notification service → SendGrid (IP pool `txn-cn-2`)",
    }),
    steps: [
      label("03-10 15:46", "priya-n", "priority/P2", "category/third-party"),
      assign("03-10 15:46", "priya-n", "priya-n"),
      say(
        "03-10 16:20",
        "priya-n",
        "SendGrid support says QQ is rate-limiting the `txn-cn-2` pool after a spike from another sender; they are moving us to `txn-cn-3`.",
      ),
      say("03-10 17:30", "priya-n", "Pool switched at 17:20; deferrals are dropping. I'll check tomorrow morning's batch."),
    ],
  },
  {
    number: 117,
    at: "03-10 17:00:00",
    by: "dmitri-k",
    title: "Invoice PDF renders blank totals for multi-currency invoices",
    type: "Bug",
    body: en({
      area: "Merchant dashboard",
      impact: "Invoices of our EU entity that mix EUR and CNY lines — about 15 invoices a week. Single-currency invoices are fine.",
      symptom:
        'The generated PDF shows empty "Subtotal", "Tax" and "Total" cells while the HTML preview shows the amounts. The PDF job log has `WARN pdf-render: font fallback failed for glyph U+20AC in NotoSansSC-Regular`.',
      started: "2026-03-10 10:00 CET (first invoice of the day)",
      steps: md(
        "1. Dashboard → Billing → Invoices → New invoice",
        "2. Add one line in EUR and one line in CNY",
        '3. Click "Export PDF" and open the file',
      ),
      environment: "Merchant dashboard (web), Firefox 123 on Ubuntu 22.04; PDF opened in Acrobat and in Firefox's viewer",
    }),
    steps: [label("03-10 17:20", "sam-ortiz", "category/software")],
  },
  {
    number: 118,
    at: "03-11 08:30:00",
    by: "pixel-bakery-au",
    title: "Visa cards declined since yesterday evening",
    type: null,
    body: crlf(
      "Hi team,",
      "",
      "since yesterday evening a lot of Visa cards get declined at our online shop with `card_declined` / `05 - Do not honor`. Mastercard and UnionPay go through. We did not change anything on our side.",
      "",
      "@acme/platform-team please look, this is costing us sales.",
      "",
      "Thanks,",
      "Tom (Pixel Bakery)",
    ),
    steps: [],
  },
  {
    number: 119,
    at: "03-11 08:40:00",
    by: "hz-retail-noc",
    title: "Payment terminals in Hangzhou stores offline — VPN tunnel down",
    type: "Bug",
    body: en({
      area: "POS devices (terminals, printers)",
      impact: "18 terminals in our 6 Hangzhou stores cannot reach the Acme Pay gateway; the stores take cash only. Shanghai and Suzhou stores are fine.",
      symptom:
        "Terminals show `E-NET-07 Gateway unreachable`. Our router log: `IKE SA negotiation failed: peer 203.0.113.24 (acme vpn-gw-hz-2) not responding`.",
      started: "2026-03-11 08:20 UTC+8",
      steps: md("1. Switch on any terminal in a Hangzhou store", "2. Start a card sale", "3. `E-NET-07 Gateway unreachable`"),
      environment: "Acme T2 terminals (firmware 5.8.2) behind our Hangzhou store routers (Huawei AR651), IPsec site-to-site VPN to Acme Pay",
    }),
    steps: [
      label("03-11 08:44", "oncall-zhang", "bug", "priority/P1", "category/network"),
      assign("03-11 08:44", "oncall-zhang", "oncall-zhang"),
      say("03-11 08:46", "oncall-zhang", "Seeing it — `vpn-gw-hz-2` lost its IKE state at 08:18. Working on it."),
      say(
        "03-11 09:10",
        "oncall-zhang",
        "The gateway failed over to the standby, but the standby has an expired pre-shared key entry for your peer. Restarting the primary now.",
      ),
      say("03-11 09:25", "hz-retail-noc", "Terminals are back online, thanks!"),
      say(
        "03-11 09:29",
        "oncall-zhang",
        md(
          "Tunnel is back, closing.",
          "",
          "### Solution",
          "",
          "Restarted the IPsec service on `vpn-gw-hz-2`; the tunnel to the Hangzhou store network was re-established at 09:21.",
          "",
          "### Verification",
          "",
          "@hz-retail-noc confirmed all 18 terminals online; a test sale at store HZ-07 was approved at 09:24.",
        ),
      ),
      close("03-11 09:30", "oncall-zhang", "completed"),
    ],
  },
  {
    number: 120,
    at: "03-11 09:05:00",
    by: "cloud-kitchen-ops",
    title: "扫码支付大面积失败，支付宝渠道疑似宕机",
    type: null,
    body: zh({
      area: "收银台",
      impact: "我们全部 300 多家门店的支付宝扫码收款，微信和银行卡正常。",
      symptom: "收银台扫码后提示「渠道异常」，返回码 `ERR_CHANNEL_UNAVAILABLE`，上游错误 `ACQ.SYSTEM_ERROR`。成功率从 99% 掉到 20% 左右。",
      started: "2026-03-11 08:55 左右",
      steps: md("1. 任意门店收银台发起支付宝扫码收款", "2. 顾客扫码付款", "3. 提示渠道异常"),
      environment: "Acme T2 收银机，收银 App 6.15.0；Acme Pay 线上环境",
    }),
    steps: [
      label("03-11 09:10", "oncall-zhang", "category/third-party"),
      assign("03-11 09:10", "oncall-zhang", "oncall-zhang"),
      say("03-11 09:12", "oncall-zhang", "已确认：支付宝上游从 08:53 开始大量返回 `ACQ.SYSTEM_ERROR`。正在把流量切到备用收单通道。"),
      label("03-11 09:30", "oncall-zhang", "mitigated"),
      say("03-11 09:31", "oncall-zhang", "已切换到备用收单通道，成功率恢复到 97%。已向支付宝提交故障单，继续观察。"),
      say("03-11 09:40", "cloud-kitchen-ops", "门店反馈已经恢复，谢谢！"),
      say("03-11 09:50", "oncall-zhang", "支付宝确认是其机房网络故障，正在恢复。恢复后我们会切回主通道，切换前会在这里通知。"),
    ],
  },
  {
    number: 121,
    at: "03-11 09:08:00",
    by: "xiaoyu-finance",
    title: "商户后台导出对账单一直转圈",
    type: null,
    body: crlf(
      "从昨天下午开始，商户后台「对账中心」导出 3 月份对账单一直在转圈，等了半小时也没有文件。",
      "换了 Chrome 和 Edge 都一样，清缓存也没用。",
      "麻烦看一下，月底结账要用，谢谢！",
    ),
    steps: [],
  },
  {
    number: 122,
    at: "03-11 09:10:00",
    by: "mercado-dev",
    title: "[Support]: charge.succeeded webhook delivered 6 times for the same charge",
    type: "Bug",
    body: en({
      area: "API & webhooks",
      impact: "Our marketplace order service: since this morning some orders are fulfilled twice because we receive the same event several times.",
      symptom:
        "The same event `evt_1Px8Ka` (type `charge.succeeded`) arrives 6 times within 2 minutes, each time with a new delivery id. Our endpoint answers `200 OK` within 300 ms every time, yet the delivery log in the dashboard shows status `timeout` for all of them. Delivery ids: `whd_7a1c02`, `whd_7a4f91`.",
      started: "2026-03-11 07:40 UTC+8",
    }),
    steps: [],
  },
  {
    number: 123,
    at: "03-11 09:15:00",
    by: "liuyang-store",
    title: "子账号登录后提示「无权限访问」",
    type: null,
    body: zh({
      area: "账号与单点登录",
      impact: "我们门店的 5 个收银员子账号，主账号正常。",
      symptom: "子账号登录商户后台后，打开「交易记录」「退款」菜单都提示「无权限访问（403 PERMISSION_DENIED）」。昨天还能正常查看交易记录。",
      started: "2026-03-11 08:30 开店时发现",
      steps: md("1. 用子账号 cashier03@liuyang 登录商户后台", "2. 点击「交易记录」", "3. 提示 403 PERMISSION_DENIED"),
      environment: "商户后台网页版，Chrome 122，Windows 10",
    }),
    steps: [label("03-11 09:20", "chen-jing", "category/account")],
  },
  {
    number: 124,
    at: "03-11 09:20:00",
    by: "globex-ops",
    title: "Checkout down for all users",
    type: "Bug",
    body: en({
      area: "Checkout",
      impact: "All users — every checkout on shop.globex.example fails (web and mobile web). About 40 failed orders in the first 10 minutes.",
      symptom: md(
        'The pay button spins and then shows "Something went wrong". Browser network tab:',
        "",
        "```",
        "POST https://api.acmepay.example/api/checkout",
        "→ 502 Bad Gateway",
        '{"error":"upstream_unavailable","request_id":"req_9f3ac1d27e"}',
        "```",
      ),
      started: "2026-03-11 09:12 UTC+8",
      steps: md(
        "1. Add any product to the cart on https://shop.globex.example",
        '2. Go to checkout and click "Pay"',
        "3. 502 from `/api/checkout`",
      ),
      environment: "Production. Chrome 122, Safari 17 and Firefox 123 alike. Integration: acmepay.js v3 hosted fields.",
    }),
    steps: [
      label("03-11 09:22", "oncall-zhang", "bug", "priority/P0", "category/software"),
      assign("03-11 09:22", "oncall-zhang", "oncall-zhang"),
      say("03-11 09:50", "globex-ops", "Still failing. We are losing every order — please respond."),
    ],
    thumbsUp: 4,
  },
  {
    number: 125,
    at: "03-11 09:25:00",
    by: "sunrise-hotels-it",
    title: "Refunds stuck in 'processing' for UnionPay cards",
    type: "Bug",
    body: en({
      area: "API & webhooks",
      impact: "UnionPay card refunds for our 30 hotel properties (about 90 refunds since yesterday evening); Visa and Mastercard refunds complete normally.",
      symptom:
        'Refunds stay in `processing` for more than 12 hours. `GET /v2/refunds/re_…` returns `{"status":"processing","failure_reason":null}`. Guests are calling the front desks.',
      started: "2026-03-10 around 18:00 UTC+8",
      steps: md(
        "1. Refund any UnionPay card charge (`POST /v2/refunds`)",
        "2. Poll `GET /v2/refunds/{id}`",
        "3. The status never leaves `processing`",
      ),
      environment: "Production, acmepay-dotnet 2.3.0 on .NET 8, Opera PMS integration",
    }),
    steps: [
      label("03-11 09:27", "priya-n", "priority/P3", "category/third-party"),
      assign("03-11 09:27", "priya-n", "priya-n"),
      label("03-11 09:28", "oncall-zhang", "priority/P1"),
      say("03-11 09:30", "priya-n", "Thanks — checking the UnionPay refund queue now."),
      say(
        "03-11 09:48",
        "priya-n",
        md(
          "Found it.",
          "",
          "### Root cause",
          "",
          'UnionPay\'s refund API has been answering `respCode 34` ("system busy, retry later") since 17:52 yesterday; our retry job treats 34 as "in progress" and never re-submits.',
          "",
          "We are re-submitting the 94 queued refunds by hand now; next update by 10:15.",
        ),
      ),
    ],
  },
  {
    number: 126,
    at: "03-11 09:26:00",
    by: "lumen-games-ops",
    title: "502 Bad Gateway on /api/checkout",
    type: "Bug",
    body: en({
      area: "Checkout",
      impact: "Our web shop — every checkout attempt since about 09:15.",
      symptom: "`POST /api/checkout` returns 502 Bad Gateway (`upstream_unavailable`).",
      started: "2026-03-11 09:15 UTC+8",
      steps: "1. Try to pay for any order in our shop",
      environment: "Production, acmepay.js v3",
    }),
    steps: [
      say("03-11 09:34", "oncall-zhang", "Thanks for reporting — this is the same incident as #124 and we are tracking it there.\n\nDuplicate of #124"),
      duplicate("03-11 09:35", "oncall-zhang"),
      close("03-11 09:35", "oncall-zhang", "duplicate"),
    ],
  },
  {
    number: 127,
    at: "03-11 09:40:00",
    by: "zhou-mall-tech",
    title: "微信支付回调超时，部分订单状态未更新",
    type: "Bug",
    body: zh({
      area: "API 与 Webhook",
      impact: "我们商城约 15% 的微信支付订单（09:20 以后），用户已付款但订单仍显示「待付款」。支付宝订单正常。",
      symptom: "我们的回调接口日志里没有收到这些订单的通知；Acme Pay 商户后台「通知记录」显示 `支付回调超时 (NOTIFY_TIMEOUT, 10000ms)`，正在重试。",
      started: "2026-03-11 09:20",
      steps: md("1. 用微信支付下单", "2. 付款成功", "3. 约 15% 的订单 10 分钟后仍未收到回调"),
      environment: "线上环境，回调地址 https://api.zhou-mall.example/acmepay/notify（阿里云 SLB + Spring Boot 3.2）",
    }),
    steps: [
      label("03-11 09:43:20", "chen-jing", "bug", "priority/P1", "category/third-party"),
      assign("03-11 09:43:22", "chen-jing", "chen-jing"),
      say(
        "03-11 09:44:00",
        "chen-jing",
        "收到，正在排查：我们这边看到发往 `api.zhou-mall.example` 的回调有部分连接超时，正在确认是否是我们 09:15 上线的新出口 IP 段没有加入你们的白名单。",
      ),
    ],
  },
  {
    number: 128,
    at: "03-11 09:45:00",
    by: "kumar-payments",
    title: "Hosted checkout iframe blocked: Refused to frame 'pay.acmepay.example'",
    type: "Bug",
    body: en({
      area: "Checkout",
      impact: "Our shop (one merchant account): customers cannot finish card orders in the embedded form; the redirect flow still works.",
      symptom: md(
        "The card step shows an empty box. Browser console:",
        "```",
        "Refused to frame 'https://pay.acmepay.example/' because an ancestor violates the following Content Security Policy directive: \"frame-ancestors https://*.acmepay.example https://kumar-shop.example\".",
        "```",
      ),
      started: "2026-03-11 09:30 UTC+8, right after we moved the shop to the new domain shop.kumar.example",
      // The reporter pasted their QA notes, heading included, as the answer.
      steps: md(
        "### QA notes (copied from our Jira ticket SHOP-2291)",
        "1. Open https://shop.kumar.example/checkout",
        '2. Choose "Card"',
        "3. The iframe stays empty and the console shows the CSP error",
        "",
        "Works on the old domain kumar-shop.example.",
      ),
    }),
    steps: [],
  },
  {
    number: 129,
    at: "03-11 09:48:00",
    by: "orbit-travel-eng",
    title: "Android SDK 5.2.0: all users get 'Unable to add card' (ERR_TOKENIZE_403)",
    type: "Bug",
    body: en({
      area: "Checkout",
      impact: "All users of our Android app on the new release (about 8k daily active) — nobody can save a card. iOS and web are fine.",
      symptom: md(
        'The SDK card sheet shows "Unable to add card". Logcat:',
        "```",
        'E/AcmePaySDK: tokenize failed: HTTP 403 {"error":"ERR_TOKENIZE_403","message":"publishable key not allowed for this environment"}',
        "```",
      ),
      started: "2026-03-11 09:30 UTC+8 (our app release went live at 09:20)",
      steps: md(
        "1. Install our app built with acmepay-android 5.2.0",
        "2. Profile → Payment methods → Add card",
        '3. Enter any real card → "Unable to add card"',
      ),
      environment: "acmepay-android 5.2.0; Android 13, 14 and 15 (Pixel 8, Samsung S23, Xiaomi 13); production publishable key",
    }),
    steps: [
      label("03-11 09:55", "sam-ortiz", "bug", "category/software"),
      assign("03-11 09:55", "sam-ortiz", "sam-ortiz"),
      say(
        "03-11 09:55",
        "sam-ortiz",
        "Reproduced on a Pixel 8. acmepay-android 5.2.0 sends the publishable key to the sandbox tokenisation host in release builds — a bug in our SDK. Preparing 5.2.1; as a stop-gap we are allowing production keys on that host, ETA 10 minutes.",
      ),
    ],
  },
  {
    number: 130,
    at: "03-11 09:52:00",
    by: "sg-fintech-sre",
    title: "TLS handshake failures calling api.acmepay.example from ap-southeast-1",
    type: "Bug",
    body: en({
      area: "API & webhooks",
      impact: "Our API calls from AWS ap-southeast-1 (Singapore), roughly 15 % of requests; calls from ap-east-1 are fine.",
      symptom: md(
        "```",
        "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure",
        "    at java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)",
        "```",
        "`openssl s_client -connect api.acmepay.example:443 -servername api.acmepay.example` from the same hosts sometimes ends with `SSL alert number 40`. Only connections that land on edge IP 203.0.113.77 fail.",
        "",
        "cc @oncall-zhang — this looks like the edge certificate problem you fixed for us in January (#57).",
      ),
      started: "2026-03-11 09:35 UTC+8",
      steps: md(
        "1. From an EC2 instance in ap-southeast-1, run the `openssl s_client` command above 20 times",
        "2. 3–4 attempts fail with alert 40",
      ),
      environment: "Amazon Linux 2023, OpenJDK 17.0.10 (TLS 1.3, default cipher suites), acmepay-java 3.4.0",
    }),
    steps: [
      mention("03-11 09:52:00", "oncall-zhang"),
      label("03-11 09:53", "priya-n", "priority/P1", "category/network"),
      say(
        "03-11 09:56",
        "dependabot[bot]",
        "Dependabot opened acme/edge-proxy#412, which bumps `openssl` from 3.0.13 to 3.0.16 in `/edge-proxy`. The release notes mention a fix for intermittent `handshake_failure` alerts with TLS 1.3 session resumption.",
      ),
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// REST shapes
// ---------------------------------------------------------------------------------------------

/** FNV-1a, for stable pseudo-random seconds and id offsets. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const TIME_RE = /^(\d\d)-(\d\d) (\d\d):(\d\d)(?::(\d\d))?$/;

/** "MM-DD HH:MM[:SS]" in UTC+8 → epoch ms; `explicit` says whether seconds were given. */
function parseTime(text: string, salt: string): { ms: number; explicit: boolean } {
  const m = TIME_RE.exec(text);
  if (!m) throw new Error(`bad time ${text}`);
  const [, month, day, hour, minute, second] = m;
  const explicit = second !== undefined;
  const sec = explicit ? Number(second) : 3 + (hash(salt) % 55);
  return { ms: Date.UTC(2026, Number(month) - 1, Number(day), Number(hour) - 8, Number(minute), sec), explicit };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");

/** MessagePack of non-negative integers: the payload of GitHub's newer global node ids. */
function msgpack(values: number[]): Buffer {
  const bytes: number[] = [0x90 + values.length];
  for (const v of values) {
    if (v < 0x80) bytes.push(v);
    else if (v <= 0xffffffff) bytes.push(0xce, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
    else {
      const big = BigInt(v);
      bytes.push(0xcf);
      for (let shift = 56n; shift >= 0n; shift -= 8n) bytes.push(Number((big >> shift) & 0xffn));
    }
  }
  return Buffer.from(bytes);
}
const nodeId = (prefix: string, values: number[]): string => `${prefix}_${msgpack(values).toString("base64url")}`;

function userNodeId(login: Login): string {
  const p: Account = PEOPLE[login];
  // Accounts from before 2021 keep the legacy base64("04:User<id>") ids.
  if (p.type === "Bot") return Buffer.from(`03:Bot${p.id}`).toString("base64");
  if (p.id < 80_000_000) return Buffer.from(`04:User${p.id}`).toString("base64");
  return nodeId("U", [0, p.id]);
}

function user(login: Login) {
  const p: Account = PEOPLE[login];
  const path = `${API}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id: p.id,
    node_id: userNodeId(login),
    avatar_url: p.app === undefined ? `https://avatars.githubusercontent.com/u/${p.id}?v=4` : `https://avatars.githubusercontent.com/in/${p.app}?v=4`,
    gravatar_id: "",
    url: path,
    html_url: p.type === "Bot" ? `${WEB}/apps/${login.replace("[bot]", "")}` : `${WEB}/${login}`,
    followers_url: `${path}/followers`,
    following_url: `${path}/following{/other_user}`,
    gists_url: `${path}/gists{/gist_id}`,
    starred_url: `${path}/starred{/owner}{/repo}`,
    subscriptions_url: `${path}/subscriptions`,
    organizations_url: `${path}/orgs`,
    repos_url: `${path}/repos`,
    events_url: `${path}/events{/privacy}`,
    received_events_url: `${path}/received_events`,
    type: p.type,
    user_view_type: "public",
    site_admin: false,
  };
}

function labelObject(name: LabelName) {
  const [color, description] = LABELS[name];
  const id = 8_230_000_000 + (hash(name) % 9_000_000);
  return {
    id,
    node_id: nodeId("LA", [0, REPO_ID, id]),
    url: `${REPO_API}/labels/${encodeURIComponent(name)}`,
    name,
    color,
    default: DEFAULT_LABELS.has(name),
    description,
  };
}

function issueType(name: IssueTypeName) {
  const t = ISSUE_TYPES[name];
  return {
    id: t.id,
    node_id: nodeId("IT", [0, ORG_ID, t.id]),
    name,
    description: t.description,
    color: t.color,
    created_at: "2025-02-11T03:14:07Z",
    updated_at: "2025-02-11T03:14:07Z",
    is_enabled: true,
  };
}

function reactions(url: string, thumbsUp = 0) {
  return { url, total_count: thumbsUp, "+1": thumbsUp, "-1": 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
}

const MINUTES_SINCE_START = (ms: number): number => Math.floor((ms - FIRST_ISSUE) / 60_000);
const issueId = (ms: number, n: number): number => 3_951_200_000 + MINUTES_SINCE_START(ms) * 1_150 + (hash(`issue${n}`) % 1_000);
const commentId = (ms: number, salt: string): number => 4_012_300_000 + Math.floor((ms - FIRST_ISSUE) / 1000) * 11 + (hash(salt) % 11);
const eventId = (ms: number, salt: string): number => 22_384_000_000 + Math.floor((ms - FIRST_ISSUE) / 1000) * 60 + (hash(salt) % 60);

const EVENT_PREFIX: Record<string, string> = {
  labeled: "LE",
  unlabeled: "UNLE",
  assigned: "AE",
  unassigned: "UAE",
  closed: "CE",
  reopened: "REE",
  mentioned: "MEE",
  subscribed: "SE",
  marked_as_duplicate: "MADE",
};

function build(s: Scenario) {
  const n = s.number;
  const issueUrl = `${REPO_API}/issues/${n}`;
  const created = parseTime(s.at, `${n}:created`).ms;
  const id = issueId(created, n);

  const labels = new Set<LabelName>();
  const assignees: Login[] = [];
  let state: "open" | "closed" = "open";
  let stateReason: CloseReason | "reopened" | null = null;
  let closedAt: number | null = null;
  let closedBy: Login | null = null;
  let updated = created;
  let previous = created;
  const comments: Record<string, unknown>[] = [];
  const timeline: Record<string, unknown>[] = [];

  const event = (name: string, ms: number, actor: Login, extra: Record<string, unknown> = {}) => {
    const eid = eventId(ms, `${n}:${timeline.length}:${name}`);
    timeline.push({
      id: eid,
      node_id: nodeId(EVENT_PREFIX[name] ?? "E", [0, REPO_ID, id, eid]),
      url: `${REPO_API}/issues/events/${eid}`,
      actor: user(actor),
      event: name,
      commit_id: null,
      commit_url: null,
      created_at: iso(ms),
      ...extra,
      performed_via_github_app: null,
    });
  };

  for (const [index, step] of s.steps.entries()) {
    const { ms: parsed, explicit } = parseTime(step.at, `${n}:${index}`);
    let ms = parsed;
    if (ms < previous) {
      if (explicit) throw new Error(`#${n}: step ${index} (${step.at}) is before the previous one`);
      ms = previous + 1000;
    }
    previous = ms;
    updated = Math.max(updated, ms);
    switch (step.kind) {
      case "comment": {
        const cid = commentId(ms, `${n}:${index}`);
        const comment = {
          url: `${REPO_API}/issues/comments/${cid}`,
          html_url: `${REPO_WEB}/issues/${n}#issuecomment-${cid}`,
          issue_url: issueUrl,
          id: cid,
          node_id: nodeId("IC", [0, REPO_ID, cid]),
          user: user(step.by),
          created_at: iso(ms),
          updated_at: iso(ms),
          author_association: PEOPLE[step.by].association,
          body: step.body,
          reactions: reactions(`${REPO_API}/issues/comments/${cid}/reactions`),
          performed_via_github_app: null,
        };
        comments.push(comment);
        timeline.push({ ...comment, event: "commented", actor: user(step.by) });
        break;
      }
      case "labeled":
      case "unlabeled":
        for (const name of step.labels) {
          if (step.kind === "labeled" ? labels.has(name) : !labels.has(name)) {
            throw new Error(`#${n}: ${step.kind} ${name} but the label is ${step.kind === "labeled" ? "already on" : "not on"}`);
          }
          if (step.kind === "labeled") labels.add(name);
          else labels.delete(name);
          event(step.kind, ms, step.by, { label: { name, color: LABELS[name][0] } });
        }
        break;
      case "assigned":
      case "unassigned": {
        const at = assignees.indexOf(step.who);
        if (step.kind === "assigned" ? at >= 0 : at < 0) throw new Error(`#${n}: ${step.kind} ${step.who} twice`);
        if (step.kind === "assigned") assignees.push(step.who);
        else assignees.splice(at, 1);
        event(step.kind, ms, step.by, { assignee: user(step.who) });
        break;
      }
      case "closed":
        if (state === "closed") throw new Error(`#${n}: closed twice`);
        state = "closed";
        stateReason = step.reason;
        closedAt = ms;
        closedBy = step.by;
        event("closed", ms, step.by, { state_reason: step.reason });
        break;
      case "reopened":
        if (state === "open") throw new Error(`#${n}: reopened while open`);
        state = "open";
        stateReason = "reopened";
        closedAt = null;
        event("reopened", ms, step.by, { state_reason: null });
        break;
      case "marked_as_duplicate":
        event("marked_as_duplicate", ms, step.by);
        break;
      case "mentioned":
        event("mentioned", ms, step.who);
        event("subscribed", ms, step.who);
        break;
      case "edited":
        break;
    }
  }

  const sortedLabels = [...labels].sort((a, b) => a.localeCompare(b)).map(labelObject);
  const issue = {
    url: issueUrl,
    repository_url: REPO_API,
    labels_url: `${issueUrl}/labels{/name}`,
    comments_url: `${issueUrl}/comments`,
    events_url: `${issueUrl}/events`,
    html_url: `${REPO_WEB}/issues/${n}`,
    id,
    node_id: nodeId("I", [0, REPO_ID, id]),
    number: n,
    title: s.title,
    user: user(s.by),
    labels: sortedLabels,
    state,
    locked: false,
    assignee: assignees[0] === undefined ? null : user(assignees[0]),
    assignees: assignees.map(user),
    milestone: null,
    comments: comments.length,
    created_at: iso(created),
    updated_at: iso(updated),
    closed_at: closedAt === null ? null : iso(closedAt),
    author_association: PEOPLE[s.by].association,
    type: s.type === null ? null : issueType(s.type),
    active_lock_reason: null,
    sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 },
    issue_dependencies_summary: { blocked_by: 0, total_blocked_by: 0, blocking: 0, total_blocking: 0 },
    body: s.body,
    closed_by: closedBy === null ? null : user(closedBy),
    reactions: reactions(`${issueUrl}/reactions`, s.thumbsUp),
    timeline_url: `${issueUrl}/timeline`,
    performed_via_github_app: null,
    state_reason: stateReason,
  };
  return { issue, comments, timeline };
}

// ---------------------------------------------------------------------------------------------
// Consistency checks: the snapshot must be one that GitHub could have returned
// ---------------------------------------------------------------------------------------------

type Built = ReturnType<typeof build>;

function check(built: Built[]): void {
  const fail = (message: string): never => {
    throw new Error(`snapshot check failed: ${message}`);
  };
  const ids = new Set<string>();
  const unique = (kind: string, value: unknown) => {
    const key = `${kind}:${String(value)}`;
    if (ids.has(key)) fail(`duplicate ${kind} ${String(value)}`);
    ids.add(key);
  };
  const time = (where: string, value: unknown): number => {
    if (typeof value !== "string" || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value)) return fail(`${where}: bad timestamp ${String(value)}`);
    const ms = Date.parse(value);
    if (Number.isNaN(ms) || ms > NOW) fail(`${where}: ${value} is not a past instant`);
    return ms;
  };
  let lastCreated = 0;
  built.forEach(({ issue, comments, timeline }, index) => {
    const where = `#${issue.number}`;
    if (issue.number !== 101 + index) fail(`${where}: numbers must run 101.. in order`);
    unique("issue", issue.id);
    unique("node", issue.node_id);
    const created = time(`${where}.created_at`, issue.created_at);
    if (created < FIRST_ISSUE || created > LAST_ISSUE) fail(`${where}: created outside the demo window`);
    if (created <= lastCreated) fail(`${where}: numbers must grow with creation time`);
    lastCreated = created;
    if (time(`${where}.updated_at`, issue.updated_at) < created) fail(`${where}: updated before created`);
    if (issue.comments !== comments.length) fail(`${where}: comment count`);
    for (const c of comments) {
      unique("comment", c["id"]);
      if (time(`${where} comment`, c["created_at"]) < created) fail(`${where}: comment before the issue`);
      time(`${where} comment`, c["updated_at"]);
    }
    let previous = created;
    const onNow = new Set<string>();
    let closedEvent: Record<string, unknown> | undefined;
    for (const e of timeline) {
      const at = time(`${where} ${String(e["event"])}`, e["created_at"]);
      if (at < previous) fail(`${where}: timeline out of order`);
      previous = at;
      unique(e["event"] === "commented" ? "comment-event" : "event", e["id"]);
      const name = (e["label"] as { name?: string } | undefined)?.name;
      if (e["event"] === "labeled" && name !== undefined) onNow.add(name);
      if (e["event"] === "unlabeled" && name !== undefined) onNow.delete(name);
      if (e["event"] === "closed") closedEvent = e;
      if (e["event"] === "reopened") closedEvent = undefined;
    }
    const current = issue.labels.map((l) => l.name);
    if (current.join() !== [...onNow].sort((a, b) => a.localeCompare(b)).join()) fail(`${where}: labels do not match the timeline`);
    const commented = timeline.filter((e) => e["event"] === "commented").map((e) => e["id"]);
    if (commented.join() !== comments.map((c) => c["id"]).join()) fail(`${where}: comments do not match the timeline`);
    if (issue.state === "closed") {
      if (!closedEvent || closedEvent["state_reason"] !== issue.state_reason || closedEvent["created_at"] !== issue.closed_at) {
        fail(`${where}: closed without a matching closed event`);
      }
    } else if (closedEvent || issue.closed_at !== null) fail(`${where}: open but the timeline ends closed`);
    const bodyLines = issue.body.split(/\r?\n/);
    const markers = bodyLines.filter((line) => line.includes("<!-- issue-shepherd:"));
    if (markers.length > 0) fail(`${where}: the body carries a tool marker`);
  });
  const botComments = built.flatMap((b) => b.comments.filter((c) => (c["user"] as { login: string }).login === "shepherd-bot"));
  if (botComments.length !== 2) fail(`expected exactly 2 comments by shepherd-bot, found ${botComments.length}`);
}

// ---------------------------------------------------------------------------------------------

const built = SCENARIOS.map(build);
check(built);
const snapshot = { tracker: "github", repository: `${OWNER}/${REPO}`, issues: built };
const out = new URL("demo/snapshot.json", ROOT);
writeFileSync(out, `${JSON.stringify(snapshot, null, 2)}\n`);
console.log(`wrote ${out.pathname}: ${built.length} issues, ${built.reduce((sum, b) => sum + b.comments.length, 0)} comments`);

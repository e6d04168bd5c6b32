/**
 * The support vocabulary, in Chinese with its English words, so that a report or a case in one
 * language meets one written in the other: a Chinese run that contains `超时` also gives the terms
 * of `timeout`. General words of IT and business support — systems, symptoms, actions — not a
 * dictionary, and not the words of any one team's cases. The terms a case is found by also have
 * their keyword (`超时`: `timeout`), so that a case written in either language gets the same
 * keyword and its file name stays ASCII. The similar-case search (`src/similar/glossary.ts`) and
 * the case archive read the one table, through the one scan (`scan-han.ts`).
 */

/** A Chinese term, its English words, and its case keyword when a case is found by it. */
type Term = readonly [zh: string, words: string, keyword?: string];

const TERMS: readonly Term[] = [
  // systems and parts
  ["数据库", "database", "database"], ["主库", "primary database"], ["从库", "replica database"], ["连接池", "connection pool", "connection-pool"],
  ["服务器", "server", "server"], ["服务", "service"], ["接口", "api", "api"], ["网关", "gateway"], ["负载均衡", "load balancer"],
  ["防火墙", "firewall", "firewall"], ["路由器", "router"], ["交换机", "switch"], ["网络", "network", "network"], ["内网", "intranet internal"],
  ["外网", "internet external"], ["域名", "domain dns", "dns"], ["解析", "resolve dns"], ["证书", "certificate", "certificate"], ["密钥", "key"],
  ["私钥", "private key"], ["令牌", "token"], ["账号", "account", "account"], ["帐号", "account"], ["域账号", "ad account"],
  ["密码", "password", "password"], ["验证码", "verification code"], ["短信", "sms text message", "sms"], ["邮件", "email mail", "email"],
  ["邮箱", "mailbox email"], ["退信", "bounce"], ["垃圾邮件", "spam junk"], ["垃圾箱", "spam junk"], ["日历", "calendar"],
  ["会议", "meeting"], ["会议室", "meeting room"], ["打印机", "printer", "printer"], ["打印", "print"], ["复印机", "copier"],
  ["扫描", "scan"], ["驱动", "driver"], ["队列", "queue", "queue"], ["乱码", "garbage characters"], ["笔记本", "laptop"],
  ["电脑", "computer pc"], ["手机", "phone mobile"], ["安卓", "android"], ["苹果", "ios iphone"], ["客户端", "client app"],
  ["耳机", "headset"], ["麦克风", "microphone"], ["硬盘", "disk"], ["磁盘", "disk", "disk"], ["共享盘", "share file share"],
  ["文件", "file"], ["备份", "backup"], ["恢复", "restore recovery"], ["恢复密钥", "recovery key"], ["镜像", "image"],
  ["仓库", "repository"], ["流水线", "pipeline ci"], ["构建", "build"], ["缓存", "cache", "cache"], ["日志", "log"],
  ["监控", "monitor"], ["告警", "alert"], ["报表", "report"], ["日报", "daily report"], ["导出", "export"],
  ["同步", "sync", "sync"], ["推送", "push notification"], ["通知", "notification"], ["页面", "page"], ["网页", "web page"],
  ["浏览器", "browser"], ["首页", "home page"], ["门户", "portal"], ["登录页", "login page"], ["认证页面", "portal login page"],
  ["许可证", "license"], ["并发", "concurrent"], ["用户数", "users"], ["权限", "permission access", "permission"], ["组", "group"],
  ["外包", "contractor external"], ["合作方", "partner"], ["供应商", "vendor provider"], ["测试环境", "test environment"],
  ["测试库", "staging test database"], ["生产环境", "production"], ["生产", "production"], ["版本", "version release"],
  ["索引", "index", "index"], ["迁移", "migration"], ["事务", "transaction"], ["锁", "lock"], ["批处理", "batch"], ["批量", "batch"],
  ["任务", "job task"], ["定时任务", "scheduled job"], ["订单", "order", "order"], ["下单", "order checkout"], ["结账", "checkout"],
  ["购物车", "cart"], ["商品", "product"], ["价格", "price"], ["原价", "old price"], ["促销价", "sale price"], ["改价", "price change"],
  ["库存", "inventory", "inventory"], ["发票", "invoice"], ["开票", "invoice"], ["账单", "invoice bill"], ["对账", "reconcile"],
  ["财务", "finance"], ["客户", "customer"], ["访客", "guest visitor"], ["同事", "colleague staff"], ["员工", "staff employee"],
  ["新同事", "new colleague hire"], ["入职", "onboarding new hire"], ["海外", "abroad overseas"],
  // payment
  ["支付", "payment pay", "payment"], ["付款", "payment pay", "payment"], ["付钱", "pay paid"], ["扣款", "charge charged"], ["扣钱", "charge charged"],
  ["退款", "refund", "refund"], ["信用卡", "card credit card"], ["银行卡", "card"], ["微信支付", "wechat pay"], ["微信", "wechat"],
  ["支付宝", "alipay"], ["企业微信", "wecom"], ["二维码", "qr code"], ["扫码", "scan qr code"], ["回调", "callback", "callback"],
  ["待支付", "awaiting payment unpaid"], ["待付款", "awaiting payment unpaid"], ["重复", "duplicate twice"], ["两次", "twice"],
  // symptoms
  ["超时", "timeout timed out", "timeout"], ["连接", "connection connect", "connection"], ["连不上", "cannot connect"], ["失败", "fail failure"],
  ["报错", "error"], ["错误", "error"], ["异常", "exception error"], ["卡住", "stuck hang"], ["卡在", "stuck"], ["不动", "stuck"],
  ["闪退", "crash"], ["崩溃", "crash", "crash"], ["白屏", "blank page"], ["很慢", "slow"], ["特别慢", "slow"], ["越来越慢", "slower"],
  ["慢", "slow"], ["打不开", "cannot open"], ["收不到", "not receive"], ["听不到", "cannot hear"], ["看不到", "cannot see"],
  ["过期", "expired", "expired"], ["到期", "expire"], ["锁定", "locked lockout"], ["被锁", "locked"], ["拒绝", "declined rejected denied"],
  ["被拒", "declined"], ["不同步", "not syncing"], ["延迟", "delay lag latency", "latency"], ["只读", "read only"], ["写满", "full"],
  ["满了", "full"], ["已满", "full"], ["空间", "space"], ["不足", "insufficient"], ["无效", "invalid"], ["不安全", "not secure"],
  ["没有权限", "permission denied access denied"], ["偶发", "intermittent"], ["随机", "random"], ["重启", "restart"],
  ["中断", "disconnect drop"], ["断开", "disconnect"], ["掉线", "disconnect drop"], ["丢失", "lost"], ["误删", "deleted"],
  ["日期", "date"], ["时间", "time"], ["差了一天", "previous day"], ["前一天", "previous day yesterday"],
  // actions
  ["登录", "login log sign", "login"], ["登陆", "login log sign"], ["注销", "logout"], ["发布", "release deploy", "release"], ["上线", "release deploy go live"],
  ["部署", "deploy", "deploy"], ["升级", "upgrade update", "upgrade"], ["更新", "update"], ["安装", "install"], ["配置", "config configuration", "config"],
  ["重试", "retry", "retry"], ["限流", "rate limit throttle", "rate-limit"], ["访问", "access"], ["调用", "call"], ["发送", "send"], ["发邮件", "send email"],
  ["下载", "download"], ["上传", "upload"], ["复制", "copy"], ["拷贝", "copy"], ["预定", "booking"], ["开会", "meeting"],
  ["请求", "request"], ["处理中", "processing pending"], ["取消", "cancel cancelled"], ["查询", "query"], ["写入", "write"],
  // when: reports say when it happens, and a repeat often happens at the same time
  ["每天", "every day daily"], ["每次", "every time"], ["每月", "monthly every month"], ["月底", "month end"], ["月末", "month end"],
  ["早上", "morning"], ["上午", "morning"], ["中午", "noon lunch"], ["下午", "afternoon"], ["晚上", "evening night"],
  ["凌晨", "early morning night"], ["夜间", "nightly night"], ["每晚", "nightly every night"], ["周末", "weekend"],
  ["周一", "monday"], ["周二", "tuesday"], ["周三", "wednesday"], ["周四", "thursday"], ["周五", "friday"],
  ["第一次", "first"], ["首次", "first"], ["上周", "last week"], ["本周", "this week"],
  // who and where
  ["用户", "user"], ["所有人", "everyone all"], ["大家", "everyone"], ["销售", "sales"], ["市场部", "marketing"],
  ["财务部", "finance"], ["设计部", "design team"], ["前台", "reception front desk"], ["部门", "department team"],
  ["一楼", "first floor"], ["二楼", "second floor 2nd"], ["三楼", "third floor 3rd"], ["楼", "floor"],
];

/** Case keywords of terms the similar-case search does not use (its figures were measured without them). */
const KEYWORD_ONLY: readonly (readonly [zh: string, keyword: string])[] = [
  ["慢查询", "slow-query"],
  ["内存", "memory"],
  ["宕机", "outage"],
  ["签名", "signature"],
  ["死锁", "deadlock"],
  ["负载", "load"],
  ["泄漏", "leak"],
  ["泄露", "leak"],
];

/** Chinese term → its English words, the longest terms first: what the similar-case search reads. */
export const SEARCH_GLOSSARY: readonly (readonly [string, string])[] = TERMS.map(([zh, words]) => [zh, words] as const).sort((a, b) => b[0].length - a[0].length);

/** Chinese term → the keyword a case is found by (`连接池`: `connection-pool`). */
export const GLOSSARY: ReadonlyMap<string, string> = new Map([
  ...TERMS.flatMap(([zh, , keyword]) => (keyword === undefined ? [] : [[zh, keyword] as const])),
  ...KEYWORD_ONLY,
]);

/** English words of the same support vocabulary (the glossary's own, and a few with no Chinese entry). */
export const DOMAIN_WORDS: ReadonlySet<string> = new Set([
  ...[...GLOSSARY.values()].flatMap((w) => [w, ...w.split("-")]),
  "dns", "tls", "ssl", "sso", "vpn", "oom", "cpu", "webhook", "proxy", "cert", "quota", "migration", "pool",
]);

/** Words that say nothing about a problem: English function words and the words every report uses. */
export const STOPWORDS: ReadonlySet<string> = new Set([
  "the", "and", "for", "with", "was", "were", "are", "not", "but", "had", "has", "have", "this", "that", "from", "into",
  "after", "before", "when", "while", "which", "who", "our", "their", "its", "they", "them", "all", "any", "some", "can",
  "could", "did", "does", "been", "being", "out", "off", "than", "then", "too", "very", "via", "per", "because", "due",
  "should", "would", "will", "set", "get", "got", "added", "use", "used", "using", "now", "also", "only", "just", "more",
  "less", "new", "old", "one", "two", "still", "again", "instead", "every", "each", "lines", "line", "auto",
  "issue", "problem", "error", "errors", "bug", "fix", "fixed", "root", "cause", "caused", "users", "user", "some",
  "导致", "因为", "由于", "问题", "原因", "出现", "没有", "需要", "已经", "用户", "部分", "无法", "一个", "我们", "进行", "造成",
]);

/**
 * Support terms a case is found by, in Chinese with their English word, so that a case written
 * in either language gets the same keyword (`超时` and `timeout` both give `timeout`) and its
 * file name stays ASCII. Deliberately small: the words of incidents, not a dictionary.
 */
export const GLOSSARY: ReadonlyMap<string, string> = new Map([
  ["连接池", "connection-pool"],
  ["慢查询", "slow-query"],
  ["数据库", "database"],
  ["服务器", "server"],
  ["超时", "timeout"],
  ["连接", "connection"],
  ["支付", "payment"],
  ["付款", "payment"],
  ["登录", "login"],
  ["证书", "certificate"],
  ["过期", "expired"],
  ["回调", "callback"],
  ["网络", "network"],
  ["权限", "permission"],
  ["账号", "account"],
  ["密码", "password"],
  ["内存", "memory"],
  ["磁盘", "disk"],
  ["配置", "config"],
  ["部署", "deploy"],
  ["发布", "release"],
  ["缓存", "cache"],
  ["宕机", "outage"],
  ["延迟", "latency"],
  ["签名", "signature"],
  ["域名", "dns"],
  ["队列", "queue"],
  ["死锁", "deadlock"],
  ["索引", "index"],
  ["限流", "rate-limit"],
  ["重试", "retry"],
  ["同步", "sync"],
  ["接口", "api"],
  ["负载", "load"],
  ["短信", "sms"],
  ["邮件", "email"],
  ["订单", "order"],
  ["退款", "refund"],
  ["库存", "inventory"],
  ["升级", "upgrade"],
  ["泄漏", "leak"],
  ["泄露", "leak"],
  ["崩溃", "crash"],
  ["防火墙", "firewall"],
  ["打印机", "printer"],
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

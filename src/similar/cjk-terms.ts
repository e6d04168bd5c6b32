/**
 * Terms of the Chinese runs of a report, two ways: overlapping character bigrams, or the words
 * of the ICU word segmenter built into Node (`Intl.Segmenter`). Both are kept because the
 * similar-case benchmark compares them on the labelled set; the ranker uses the better one.
 */

/** Function words and particles of Chinese reports that say nothing about the problem. */
const CJK_STOP_WORDS = new Set(
  "的 了 是 在 和 也 都 就 还 又 我 我们 你 你们 他 她 他们 这 那 这个 那个 有 没有 一个 一下 一直 但是 可是 所以 因为 如果 现在 今天 昨天 请 帮忙 一些 之后 以后 的话 已经 不 很 吗 吧 呢 啊 说 被 把 给".split(" "),
);

/** How the Chinese runs of a text become terms. */
export type CjkMode = "bigram" | "segmenter";

/**
 * Overlapping bigrams of a run of Han characters ("连接超时" → 连接, 接超, 超时); a run of one
 * character is that character, unless it is a particle.
 */
export function cjkBigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return CJK_STOP_WORDS.has(run) ? [] : [run];
  const terms: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) terms.push(`${chars[i]}${chars[i + 1]}`);
  return terms;
}

let segmenter: Intl.Segmenter | undefined;

/** The word-like segments of a run of Han characters by ICU's dictionary, without particles. */
export function cjkWords(run: string): string[] {
  segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
  const terms: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(run)) {
    if (isWordLike === true && !CJK_STOP_WORDS.has(segment)) terms.push(segment);
  }
  return terms;
}

/** The languages the tool writes in: a rule file's `locale:`. */
export type Locale = "en" | "zh";

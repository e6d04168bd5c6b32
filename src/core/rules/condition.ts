/** A compiled condition: the small tree evaluation walks, each node one test on the issue (`conditions.ts` compiles it). */
import type { Duration } from "./duration.ts";
import type { TextMatcher } from "./matcher.ts";

export type Condition =
  | { kind: "all" | "any"; items: Condition[] }
  | { kind: "not"; item: Condition }
  | { kind: "label"; labels: string[] }
  | { kind: "text" | "title" | "body"; matcher: TextMatcher }
  | { kind: "field"; name: string; present?: boolean | undefined; equals?: string | undefined; matches?: TextMatcher | undefined }
  | { kind: "state"; state: "open" | "closed" }
  | { kind: "close-reason" | "status" | "type" | "priority" | "category"; values: string[] }
  /** `bd` parts count on the SLA calendar of the priority; see `instantAfter`. */
  | { kind: "age" | "idle"; over?: Duration | undefined; under?: Duration | undefined }
  | { kind: "author"; role: "team" | "reporter" | "bot" | "other" }
  | { kind: "assigned"; value: boolean }
  | { kind: "clock"; name: string; states: string[] }
  | { kind: "pull-request"; value: boolean };

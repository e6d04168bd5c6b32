/**
 * PagerDuty's Events API v2, as documented: POST JSON to `/v2/enqueue` — `routing_key` (the
 * integration's 32-character key), `event_action` trigger | acknowledge | resolve, `dedup_key`
 * (at most 255 characters; required but for a trigger), and for a trigger a `payload` of
 * `summary` (1..1024), `source`, `severity` (critical | error | warning | info), optional
 * `timestamp` (ISO 8601), `component`, `group`, `class`, `custom_details`; optional `links`
 * (`href`, `text`), `images`, `client`, `client_url`. Change events go to `/v2/change/enqueue`.
 * Answers 202 `{ status: "success", message, dedup_key }` or 400 `{ status: "invalid event",
 * message, errors }`. Incidents are kept per dedup key the way PagerDuty pairs them: a trigger
 * opens one or adds an alert to the open one, a resolve closes it, a trigger after a resolve opens
 * a new one.
 */
import { checkKeys, checkString, type FakeAnswer, type HttpFake, isObject, jsonBody, startHttpFake } from "./http-fake.ts";

export interface FakeIncident {
  dedupKey: string;
  status: "triggered" | "resolved";
  /** Triggers received while it was open (PagerDuty's alerts). */
  triggers: number;
  summary: string;
  severity: string;
}

export interface FakePagerduty extends HttpFake {
  /** The Events API URL to give the channel (`url`). */
  readonly eventsUrl: string;
  readonly routingKey: string;
  /** Accepted events, in order. */
  readonly events: Record<string, unknown>[];
  readonly changeEvents: Record<string, unknown>[];
  /** Every incident, in the order opened. */
  readonly incidents: FakeIncident[];
  /** Incidents not yet resolved. */
  openIncidents(): FakeIncident[];
}

const SEVERITIES = ["critical", "error", "warning", "info"];
const EVENT_KEYS = ["routing_key", "event_action", "dedup_key", "payload", "images", "links", "client", "client_url"];
const PAYLOAD_KEYS = ["summary", "source", "severity", "timestamp", "component", "group", "class", "custom_details"];

function checkCommon(body: Record<string, unknown>, routingKey: string, violations: string[]): void {
  if (body["routing_key"] !== routingKey) violations.push(`routing_key is not the integration's key`);
  const links = body["links"];
  if (links === undefined) return;
  if (!Array.isArray(links)) return void violations.push("links must be an array");
  links.forEach((link: unknown, i) => {
    if (!isObject(link) || typeof link["href"] !== "string" || !/^https?:\/\//.test(link["href"])) violations.push(`links[${i}].href must be a URL`);
    else if (link["text"] !== undefined) checkString(link["text"], `links[${i}].text`, violations);
  });
}

function checkPayload(payload: unknown, violations: string[], change: boolean): void {
  if (!isObject(payload)) return void violations.push("payload must be an object");
  checkKeys(payload, PAYLOAD_KEYS, "payload", violations);
  checkString(payload["summary"], "payload.summary", violations, 1, 1024);
  if (!change || payload["source"] !== undefined) checkString(payload["source"], "payload.source", violations, 1, 255);
  if (!change && !SEVERITIES.includes(String(payload["severity"]))) violations.push(`payload.severity must be one of ${SEVERITIES.join(", ")}`);
  const timestamp = payload["timestamp"];
  if (timestamp !== undefined && (typeof timestamp !== "string" || Number.isNaN(Date.parse(timestamp)))) violations.push("payload.timestamp must be ISO 8601");
  for (const key of ["component", "group", "class"]) if (payload[key] !== undefined) checkString(payload[key], `payload.${key}`, violations);
  if (payload["custom_details"] !== undefined && !isObject(payload["custom_details"])) violations.push("payload.custom_details must be an object");
}

/** Start the fake; `routingKey` is the integration key it accepts. */
export async function startFakePagerduty(routingKey = "R0UT1NGKEY0000000000000000000001"): Promise<FakePagerduty> {
  const events: Record<string, unknown>[] = [];
  const changeEvents: Record<string, unknown>[] = [];
  const incidents: FakeIncident[] = [];
  const invalid = (errors: string[]): FakeAnswer => ({ status: 400, body: { status: "invalid event", message: "Event object is invalid", errors } });
  const fake = await startHttpFake("pagerduty", (request, violations): FakeAnswer => {
    const change = request.path === "/v2/change/enqueue";
    if (!change && request.path !== "/v2/enqueue") {
      violations.push(`unknown path ${request.path}`);
      return { status: 404, body: { status: "not found" } };
    }
    const body = jsonBody(request, violations);
    if (!isObject(body)) return invalid(["the body is not a JSON object"]);
    const found: string[] = [];
    checkCommon(body, routingKey, found);
    if (change) {
      checkKeys(body, ["routing_key", "payload", "links"], "change event", found);
      checkPayload(body["payload"], found, true);
      violations.push(...found);
      if (found.length > 0) return invalid(found);
      changeEvents.push(body);
      return { status: 202, body: { status: "success", message: "Change event processed" } };
    }
    checkKeys(body, EVENT_KEYS, "event", found);
    const action = body["event_action"];
    if (action !== "trigger" && action !== "acknowledge" && action !== "resolve") found.push("event_action must be trigger, acknowledge or resolve");
    if (action !== "trigger" || body["dedup_key"] !== undefined) checkString(body["dedup_key"], "dedup_key", found, 1, 255);
    if (action === "trigger") checkPayload(body["payload"], found, false);
    violations.push(...found);
    if (found.length > 0) return invalid(found);
    const dedupKey = typeof body["dedup_key"] === "string" ? body["dedup_key"] : `generated-${events.length + 1}`;
    events.push(body);
    const open = incidents.find((incident) => incident.dedupKey === dedupKey && incident.status === "triggered");
    if (action === "trigger") {
      const payload = body["payload"] as { summary: string; severity: string };
      if (open !== undefined) open.triggers += 1;
      else incidents.push({ dedupKey, status: "triggered", triggers: 1, summary: payload.summary, severity: payload.severity });
    } else if (action === "resolve" && open !== undefined) open.status = "resolved";
    return { status: 202, body: { status: "success", message: "Event processed", dedup_key: dedupKey } };
  });
  return Object.assign(fake, {
    eventsUrl: `${fake.url}/v2/enqueue`,
    routingKey,
    events,
    changeEvents,
    incidents,
    openIncidents: () => incidents.filter((incident) => incident.status === "triggered"),
  });
}

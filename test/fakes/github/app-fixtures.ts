/**
 * What the GitHub App tests share (the server's App mode, the App-wide audit): the App's id, its
 * bot, one key pair per test process for its JWTs (RS256), the rules of a repository and of its
 * organisation, and the issue those rules act on.
 */
import { generateKeyPairSync } from "node:crypto";
import { InMemoryApp, type InMemoryInstallation } from "../../../src/github/in-memory/app-state.ts";
import { restIssue } from "./make-issues.ts";

/** The instant the App tests run at. */
export const NOW = Date.parse("2026-03-02T02:00:00Z");
export const APP_ID = 424242;
/** The App's bot login, as its installation tokens act. */
export const BOT = "shepherd-app[bot]";

/** A fresh RSA key pair of the kind an App signs its JWTs with (RS256), in PEM. */
export const generateAppKeys = () => generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs1", format: "pem" } });

/** The App's key pair: the private key signs its JWTs, the in-memory App checks them with the public one. */
export const APP_KEYS = generateAppKeys();

/** The in-memory App, as GitHub knows it: this id and slug, the public half of `APP_KEYS`, these installations. */
export const createApp = (installations: InMemoryInstallation[]): InMemoryApp =>
  new InMemoryApp({ appId: APP_ID, slug: "shepherd-app", publicKey: APP_KEYS.publicKey, now: () => Date.now(), installations });

/** The repository's own rules: a custom rule that labels what mentions a printer. */
export const OWN_RULES = `extends: support
bot: { logins: ["${BOT}"] }
rules:
  - name: printers
    when: { all: [{ state: open }, { text: "printer" }] }
    then:
      - label: hardware
`;
/** The organisation's defaults: the same trigger, another label. */
export const ORG_RULES = OWN_RULES.replace("label: hardware", "label: org-default");

/** An open issue about a printer, an hour old: what the rules above label. */
export const printerIssue = (repository: string, number: number) =>
  restIssue({ number, title: "The printer on floor 3 jams", body: "Since Monday the printer jams on every page.", createdAt: NOW - 3_600_000 }, repository);

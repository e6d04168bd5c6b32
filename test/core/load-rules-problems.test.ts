import { describe, expect, it } from "vitest";
import { load, lines } from "./load-in-memory.ts";


describe("loadRules reports every problem at once", () => {
  it("reports references next to a schema error in an unrelated section", () => {
    const { rules, messages } = load(lines("extends: support", "locale: fr", "intake:", "  require: [impact, nosuch]", "closure:", "  on-missing: { P9: reopen }"));
    expect(rules).toBeUndefined();
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:2:9: locale: expected one of "en", "zh", found "fr"",
        "rules.yml:4:21: intake.require[1]: expected a declared field (impact, urgency, symptom, started, steps, environment, root-cause, solution, verification), found "nosuch"; declare it under fields",
        "rules.yml:6:21: closure.on-missing.P9: expected a declared priority (P0, P1, P2, P3), found "P9"; declare it under priority.levels",
      ]
    `);
  });

  it("leaves out references to names a section with errors may have declared", () => {
    const { messages } = load(
      lines(
        "extends: support",
        "fields:",
        "  cause: { github: { section: 5 } }",
        "escalation:",
        "  root-cause: { field: cause }",
        "calendars:",
        "  support-hours: { timezone: Europe/London, hours: 9 }",
        "sla:",
        "  calendar: support-hours",
      ),
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:31: fields.cause.github.section: expected a text or a list, found 5",
        "rules.yml:7:52: calendars.support-hours.hours: expected a mapping, found 9",
      ]
    `);
  });

  it("still reports references to names whose section is fine", () => {
    const { messages } = load(lines("extends: support", "fields:", "  cause: { github: { section: 5 } }", "escalation:", "  clocks: [resolutoin]"));
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:31: fields.cause.github.section: expected a text or a list, found 5",
        "rules.yml:5:12: escalation.clocks[0]: expected a declared clock (first-response, update, mitigation, resolution, feedback), found "resolutoin" — did you mean "resolution"?",
      ]
    `);
  });

  it("reports an unknown calendar once, not once per priority", () => {
    const { messages } = load(lines("extends: support", "sla:", "  calendar: bussiness"));
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:13: sla.calendar: expected a declared calendar (24x7, business), found "bussiness" — did you mean "business"?",
      ]
    `);
  });

  it("does not blame the preset for references to the user's broken calendar", () => {
    const { messages } = load(lines("extends: support", "calendars:", "  business:", "    timezone: Europe/Londn", '    hours: { mon-fri: "09:00-17:00" }'));
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:4:15: calendars.business.timezone: expected an IANA time zone like Asia/Shanghai or Europe/London, found "Europe/Londn" (did you mean Europe/London?)",
      ]
    `);
  });

  it("reports an unknown top-level key and still checks the rest", () => {
    const { messages } = load(lines("extends: support", "calender: {}", "intake:", "  require: [nosuch]"));
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:2:1: calender: unknown key "calender" — did you mean "calendars"? Expected one of: extends, locale, scope, bot, team, calendars, fields, channels, groups, priority, intake, categories, sla, escalation, closure, feedback, alerts, messages, rules.",
        "rules.yml:4:13: intake.require[0]: expected a declared field (impact, urgency, symptom, started, steps, environment, root-cause, solution, verification), found "nosuch"; declare it under fields",
      ]
    `);
  });
});

describe("loadRules: typos that would do nothing", () => {
  it("reports unknown message ids and placeholders", () => {
    const { messages } = load(
      lines(
        "extends: support",
        "sla:",
        "  clocks:",
        "    triage: { kind: response, targets: { P0: 1h } }",
        "messages:",
        "  intake.mising: hello",
        "  clock.triage: { en: triage, zh: 分诊 }",
        "  clock.triag: triage",
        "  sla.breach: { en: '{clock} late by {overun}', zh: '{clock} {priority}' }",
        "  intake.complete: 'Thanks {author}'",
        "  intake.missing: 'Need {missing} ({label})'",
      ),
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:6:3: messages.intake.mising: unknown message id "intake.mising" — did you mean "intake.missing"? Expected one of: intake.missing, intake.missing-fields, intake.missing-mixed, intake.field-item, intake.complete, intake.similar-cases, intake.similar-case, priority.reduced, priority.matrix, priority.words, priority.rule, priority.default, priority.ask, priority.person, closure.missing, closure.reopened, closure.labelled, closure.complete, sla.breach, sla.update-due, escalation.level, escalation.root-cause, notify.breach, notify.breach-text, notify.root-cause, notify.root-cause-text, notify.update, notify.update-text, notify.resolved, notify.resolved-closed, notify.resolved-cleared, notify.rule, notify.rule-text, feedback.survey, feedback.negative, feedback.not-solved, feedback.follow-up-due, clock.feedback, clock.first-response, clock.update, clock.mitigation, clock.resolution, alert.firing-again, alert.reopened, alert.resolved, clock.triage.",
        "rules.yml:8:3: messages.clock.triag: unknown message id "clock.triag" — did you mean "clock.triage"? Expected one of: intake.missing, intake.missing-fields, intake.missing-mixed, intake.field-item, intake.complete, intake.similar-cases, intake.similar-case, priority.reduced, priority.matrix, priority.words, priority.rule, priority.default, priority.ask, priority.person, closure.missing, closure.reopened, closure.labelled, closure.complete, sla.breach, sla.update-due, escalation.level, escalation.root-cause, notify.breach, notify.breach-text, notify.root-cause, notify.root-cause-text, notify.update, notify.update-text, notify.resolved, notify.resolved-closed, notify.resolved-cleared, notify.rule, notify.rule-text, feedback.survey, feedback.negative, feedback.not-solved, feedback.follow-up-due, clock.feedback, clock.first-response, clock.update, clock.mitigation, clock.resolution, alert.firing-again, alert.reopened, alert.resolved, clock.triage.",
        "rules.yml:9:21: messages.sla.breach.en: unknown placeholder {overun} — did you mean {overrun}? Expected one of: {clock}, {priority}, {target}, {overrun}, {calendar}.",
        "rules.yml:10:20: messages.intake.complete: unknown placeholder {author}. This message has no placeholders.",
      ]
    `);
  });

  it("reports warn-at out of range and zero targets", () => {
    expect(load(lines("extends: support", "sla:", "  warn-at: 120%")).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:12: sla.warn-at: expected a percentage above 0% and at most 100%, found "120%"",
      ]
    `);
    expect(load(lines("extends: support", "sla:", "  warn-at: 0%")).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:12: sla.warn-at: expected a percentage above 0% and at most 100%, found "0%"",
      ]
    `);
    expect(load(lines("extends: support", "sla:", "  warn-at: 100%")).messages).toEqual([]);
    expect(load(lines("extends: support", "sla:", "  clocks:", "    resolution: { targets: { P1: 0m, P2: 0h0m } }")).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:4:34: sla.clocks.resolution.targets.P1: expected a target above zero (leave the level out for no clock), found "0m"",
        "rules.yml:4:42: sla.clocks.resolution.targets.P2: expected a target above zero (leave the level out for no clock), found "0h0m"",
      ]
    `);
  });

  it("reports two rules with the same name in one file", () => {
    const { messages } = load(
      lines("extends: support", "rules:", "  - { name: a, then: [{ label: x }] }", "  - { name: b, then: [{ label: y }] }", "  - { name: a, then: [{ label: z }] }"),
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:5:13: rules[2].name: expected a name no other rule of this file has, found "a" again (rules[0], line 3); a rule replaces an extended rule of the same name",
      ]
    `);
  });
});

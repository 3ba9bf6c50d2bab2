// Unit tests of the dialog's pure modules: the view model and Send rule (model.js), the one-click fixes (fixes.js) and the strings (i18n.js).

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  addressKey,
  applySuggestion,
  formatAddress,
  isEncryptFix,
  isOneClickFix,
  isRecipientFix,
  parseAddress,
} from "../../../web-ui/dialog/fixes.js";
import { STRING_TABLES, formatSize, pickLocale } from "../../../web-ui/dialog/i18n.js";
import {
  COLLAPSE_GROUP_OVER,
  MASS_TICK_FROM,
  buildModel,
  canSend,
  carryTicks,
  initialState,
  reasonOk,
  remainingCount,
  resultFor,
  withTicks,
} from "../../../web-ui/dialog/model.js";
import { loadFixture, massFixture } from "./helpers.mjs";

const modelOf = (name) => {
  const fx = loadFixture(name);
  return buildModel(fx.verdict, fx.draft, fx.options);
};
const tickAll = (state) => withTicks(state, state.model.required, true);

describe("view model: grouping", () => {
  it("splits recipients into internal and external, and external ones by domain", () => {
    const m = modelOf("ja-mixed");
    assert.equal(m.external.count, 3);
    assert.equal(m.external.domainCount, 2);
    assert.equal(m.internal.count, 1);
    const domains = m.external.groups.map((g) => [g.domain, g.members.map((r) => r.address)]);
    // The watch-listed domain is flagged, so it comes before the plain one.
    assert.deepEqual(domains, [
      ["ibuki-johosystem.example", ["y.takagi@ibuki-johosystem.example"]],
      ["akane-kogyo.example", ["hanako.sato@akane-kogyo.example", "ichiro.tanaka@akane-kogyo.example"]],
    ]);
    assert.deepEqual(m.internal.groups.map((g) => g.domain), ["hayabusa-insatsu.example"]);
    assert.equal(m.external.groups[0].severity, "warning");
    assert.equal(m.external.groups[1].severity, null);
  });

  it("shows a person in To and Cc once, with both fields and the findings of either entry", () => {
    const m = modelOf("duplicate");
    const bob = m.recipients.filter((r) => r.key === "bob.carter@westmarch-printing.test");
    assert.equal(bob.length, 1);
    assert.deepEqual(bob[0].fields, ["to", "cc"]);
    assert.deepEqual(bob[0].findings.map((f) => f.id), ["recipient.external"]);
    assert.equal(m.external.count, 1);
    assert.equal(m.required.filter((k) => k.startsWith('["r"')).length, 1);
  });

  it("groups domains case-insensitively and by their A-label", () => {
    const m = buildModel(
      {
        action: "confirm",
        recipients: [
          { address: "a@BÜRO.example", domain: "BÜRO.example", internal: false, field: "to", findings: [] },
          { address: "b@xn--bro-hoa.example", domain: "büro.example", internal: false, field: "to", findings: [] },
        ],
      },
      {},
    );
    assert.equal(m.external.groups.length, 1);
    assert.equal(m.external.groups[0].members.length, 2);
  });

  it("counts a recipient as external when the host did not say", () => {
    const m = buildModel({ action: "confirm" }, { to: [{ name: "X", address: "x@corp.example" }], cc: ["Y <y@corp.example>"] });
    assert.equal(m.external.count, 2);
    assert.equal(m.required.length, 2);
  });

  it("folds large unflagged domain groups and offers tick-all for a mass mail", () => {
    const fx = massFixture(4500, 30);
    const m = buildModel(fx.verdict, fx.draft, fx.options);
    assert.equal(m.external.count, 4500);
    assert.equal(m.external.groups.length, 30);
    assert.ok(m.external.groups.every((g) => g.members.length > COLLAPSE_GROUP_OVER && g.collapsed));
    assert.equal(m.external.offerTickAll, true);
    assert.equal(m.required.length, 4500 + 1); // every recipient and the mass_visible finding
    const small = modelOf("ja-mixed");
    assert.ok(small.external.count < MASS_TICK_FROM && !small.external.offerTickAll);
  });

  it("keeps a large group open when one of its members is flagged for itself", () => {
    const fx = massFixture(40, 1);
    fx.verdict.findings.push({
      id: "recipient.watch",
      severity: "warning",
      message: "watch",
      targets: [{ kind: "recipient", address: "user7@kokyaku-000.example" }],
      evidence: {},
      suggestion: null,
    });
    const m = buildModel(fx.verdict, fx.draft, fx.options);
    assert.equal(m.external.groups[0].collapsed, false);
  });
});

describe("view model: badges and reasons", () => {
  it("marks history findings with badges and says which address was meant", () => {
    const m = modelOf("handmade-history");
    const byAddress = Object.fromEntries(m.recipients.map((r) => [r.address, r]));
    const kinds = (a) => byAddress[a].badges.map((b) => b.kind);
    assert.deepEqual(kinds("sato@client-a.exmaple"), ["external", "first_time", "lookalike", "first_time_domain"]);
    assert.equal(byAddress["sato@client-a.exmaple"].didYouMean, "sato@client-a.example");
    assert.equal(byAddress["sato@client-a.exmaple"].severity, "danger");
    assert.deepEqual(kinds("yamada@partner.example"), ["external", "first_time", "same_name"]);
    // No suggestion: the known address comes from the evidence.
    assert.equal(byAddress["yamada@partner.example"].didYouMean, "yamada.taro@partner-corp.example");
    assert.deepEqual(kinds("kimura@other.example"), ["external", "outlier"]);
    assert.deepEqual(kinds("taro.home@freemail.example"), ["external", "freemail"]);
    assert.deepEqual(byAddress["taro.home@freemail.example"].fields, ["bcc"]);
    assert.deepEqual(kinds("suzuki@corp.example"), []);
  });

  it("gives watch, block, drift and mass-mail hits their badges", () => {
    const badge = (fixture, address) =>
      modelOf(fixture).recipients.find((r) => r.address === address).badges.map((b) => b.kind);
    assert.ok(badge("ja-mixed", "y.takagi@ibuki-johosystem.example").includes("watch"));
    assert.ok(badge("blocked", "sanot@akane-kogyo.example").includes("blocked"));
    assert.ok(badge("reply-drift", "kudos@tancho-unyu.example").includes("reply_drift"));
    assert.ok(badge("mass-visible", "sakais@fuyo-seiyaku.example").includes("mass_visible"));
  });

  it("lists each recipient's findings with their messages and how many recipients share them", () => {
    const m = modelOf("mass-visible");
    const r = m.recipients[0];
    const mass = r.findings.find((f) => f.id === "recipient.mass_visible");
    assert.equal(mass.shared, 16);
    assert.match(mass.message, /Bcc/);
    assert.equal(r.hasOwnFlag, false);
  });

  it("describes attachments with size, encryption and risky type", () => {
    const m = modelOf("risky-en");
    const [a] = m.attachments;
    assert.equal(a.name, "invoice.pdf.exe");
    assert.equal(a.size, 512);
    assert.deepEqual(a.badges.map((b) => b.kind), ["encrypt_recommended", "risky_type"]);
    assert.equal(a.severity, "danger");
    assert.deepEqual(a.findings.map((f) => f.id), ["attachment.risky_type", "attachment.unencrypted"]);
  });

  it("shows what was found inside an attachment and where, masked as the host sent it", () => {
    const m = buildModel(
      {
        action: "confirm",
        findings: [
          {
            id: "content.pii",
            severity: "danger",
            targets: [
              { kind: "body", start: 18, end: 37, quote: "**** **** **** 1111" },
              { kind: "attachment", name: "顧客一覧.xlsx", location: "名簿", quote: "090-****-5678" },
            ],
          },
        ],
      },
      {},
    );
    const pii = m.findings[0];
    assert.deepEqual(pii.details, [
      { type: "body", pos: 19, quote: "**** **** **** 1111" },
      { type: "inside", name: "顧客一覧.xlsx", location: "名簿", quote: "090-****-5678" },
    ]);
    assert.equal(STRING_TABLES.ja.evidence.inside("顧客一覧.xlsx", "名簿", "090-****-5678"), "添付「顧客一覧.xlsx」（名簿）: 「090-****-5678」");
    assert.equal(STRING_TABLES.en.evidence.inside("a.pdf", "page 2", ""), "Attachment “a.pdf” (page 2)");
  });

  it("summarises evidence: quotes for subject and body, list entries, keyword counts", () => {
    const m = modelOf("ja-mixed");
    const keyword = m.findings.find((f) => f.id === "content.keyword");
    // One occurrence, quoted: no count line. More occurrences than quotes: the count is shown.
    assert.deepEqual(keyword.details, [{ type: "subject", quote: "社外秘" }]);
    const many = buildModel(
      {
        action: "confirm",
        findings: [
          {
            id: "content.keyword",
            severity: "warning",
            targets: [{ kind: "body", start: 0, end: 3, quote: "ＣＯＮＦＩＤＥＮＴＩＡＬ" }],
            evidence: { keywords: [{ keyword: "confidential", count: 25 }] },
          },
        ],
      },
      {},
    ).findings[0];
    assert.deepEqual(many.details, [
      { type: "body", pos: 1, quote: "ＣＯＮＦＩＤＥＮＴＩＡＬ" },
      { type: "keyword", keyword: "confidential", count: 25 },
    ]);
    const watch = m.findings.find((f) => f.id === "recipient.watch");
    assert.deepEqual(watch.details, [
      { type: "listEntry", address: "y.takagi@ibuki-johosystem.example", entry: "ibuki-johosystem.example" },
    ]);
    const external = modelOf("mass-visible").findings.find((f) => f.id === "recipient.external");
    const list = external.details.find((d) => d.type === "recipients");
    assert.equal(list.items.length, 5);
    assert.equal(list.more, 11);
    const body = buildModel(
      { action: "confirm", findings: [{ id: "attachment.forgotten", severity: "warning", targets: [{ kind: "body", start: 21, end: 23, quote: "添付" }] }] },
      {},
    ).findings[0];
    assert.deepEqual(body.details, [{ type: "body", pos: 22, quote: "添付" }]);
  });

  it("orders findings danger first and offers recipient and encrypt fixes as buttons, others as hints", () => {
    const m = modelOf("risky-en");
    assert.deepEqual(m.findings.map((f) => f.severity), ["danger", "warning", "info"]);
    const unencrypted = m.findings.find((f) => f.id === "attachment.unencrypted");
    assert.equal(unencrypted.fix.kind, "encrypt_attachments");
    assert.ok(unencrypted.fix.names.length >= 1);
    assert.equal(unencrypted.hint, null);
    const forgotten = buildModel({ action: "confirm", findings: [{ id: "attachment.forgotten", severity: "warning", suggestion: { kind: "attach_file" } }] }).findings[0];
    assert.equal(forgotten.fix, null);
    assert.equal(forgotten.hint, "attach_file");
    const blocked = modelOf("blocked").findings.find((f) => f.id === "recipient.blocked");
    assert.deepEqual(blocked.fix, { kind: "remove_recipient", address: "sanot@akane-kogyo.example" });
  });

  it("takes the locale from the verdict and the countdown from the options, else the verdict", () => {
    assert.equal(modelOf("ja-mixed").locale, "ja");
    assert.equal(modelOf("en-mixed").locale, "en");
    assert.equal(modelOf("duplicate").countdownSeconds, 5);
    assert.equal(modelOf("handmade-history").countdownSeconds, 3); // verdict.client
    assert.equal(buildModel({ action: "confirm" }, {}, { countdown_seconds: -3 }).countdownSeconds, 0);
    assert.equal(buildModel({ action: "confirm" }, {}, { countdown_seconds: 1e9 }).countdownSeconds, 600);
    assert.equal(buildModel({ action: "confirm" }, {}, { countdown_seconds: "x" }).countdownSeconds, 0);
  });
});

describe("required items and the Send rule", () => {
  it("confirm: every external recipient, attachment and warning/danger finding is required", () => {
    const m = modelOf("ja-mixed");
    // 3 warning findings (watch, unencrypted, keyword) + 1 attachment + 3 external recipients
    assert.equal(m.required.length, 7);
    assert.ok(m.findings.filter((f) => f.severity === "info").every((f) => !f.required));
    assert.ok(m.recipients.filter((r) => r.internal).every((r) => !r.required));
  });

  it("confirm: Send only once everything required is ticked", () => {
    const m = modelOf("reply-drift");
    assert.equal(m.action, "confirm");
    let s = initialState(m);
    assert.equal(canSend(s), false);
    for (const [i, key] of m.required.entries()) {
      assert.equal(canSend(s), false, `still ${m.required.length - i} to tick`);
      assert.equal(remainingCount(s), m.required.length - i);
      s = withTicks(s, [key], true);
    }
    assert.equal(canSend(s), true);
    s = withTicks(s, [m.required[0]], false);
    assert.equal(canSend(s), false);
  });

  it("justify: everything ticked and a reason of at least 4 characters after trimming", () => {
    const m = modelOf("ja-mixed");
    assert.equal(m.action, "justify");
    const s = tickAll(initialState(m));
    assert.equal(canSend(s), false);
    assert.equal(canSend({ ...s, reason: "   abc   " }), false);
    assert.equal(canSend({ ...s, reason: "  abcd " }), true);
    assert.equal(canSend({ ...s, reason: "先方依頼" }), true);
    assert.equal(canSend({ ...s, reason: "依頼" }), false);
    // Code points, not UTF-16 units: three emoji are three characters.
    assert.equal(reasonOk("👍👍👍"), false);
    assert.equal(reasonOk("\u3000\u3000理由\u3000"), false);
    assert.equal(canSend({ ...initialState(m), reason: "a good reason" }), false);
  });

  it("block: never, even with nothing to tick", () => {
    const m = modelOf("blocked");
    assert.equal(m.action, "block");
    assert.deepEqual(m.required, []);
    assert.equal(canSend(tickAll(initialState(m))), false);
    assert.equal(canSend({ ...initialState(m), reason: "because I say so" }), false);
  });

  it("allow: at once", () => {
    const m = modelOf("allow-internal");
    assert.equal(m.action, "allow");
    assert.equal(canSend(initialState(m)), true);
  });

  it("an archive made in the dialog: its password must be ticked as noted before Send, even on allow", () => {
    const archives = [{ name: "見積書.zip", size: 1234, password: "Kq7-vT2m" }];
    const allow = buildModel({ action: "allow", check_id: "c2" }, {}, {}, archives);
    assert.equal(allow.archives.length, 1);
    assert.equal(allow.archives[0].required, true);
    assert.doesNotMatch(allow.archives[0].tickKey, /Kq7/, "the password stays out of the key (it goes into an attribute)");
    assert.equal(canSend(initialState(allow)), false);
    assert.equal(canSend(tickAll(initialState(allow))), true);
    assert.deepEqual(resultFor(tickAll(initialState(allow)), "send").acknowledged, [], "the tick is no finding");

    const fx = loadFixture("ja-mixed");
    const confirm = buildModel({ ...fx.verdict, action: "confirm" }, fx.draft, fx.options, archives);
    assert.equal(confirm.required[0], confirm.archives[0].tickKey, "listed first, as shown first");
    const ticked = withTicks(initialState(confirm), confirm.required.slice(1), true);
    assert.equal(canSend(ticked), false);
    // A later re-check (another fix) keeps the tick: same archive, same key.
    const again = buildModel({ ...fx.verdict, action: "confirm" }, fx.draft, fx.options, archives);
    assert.equal(canSend(initialState(again, tickAll(initialState(confirm)))), true);

    const block = buildModel({ action: "block" }, {}, {}, archives);
    assert.equal(block.archives[0].required, false, "nothing to tick where nothing can be sent");
    assert.deepEqual(block.required, []);
    assert.deepEqual(buildModel({ action: "allow" }, {}, {}, [{ name: "x.zip", password: "" }, null]).archives, []);
  });

  it("an unknown or missing action, or a malformed state, never sends", () => {
    assert.equal(canSend(initialState(buildModel({ action: "approve" }, {}))), false);
    assert.equal(canSend(initialState(buildModel(null, null))), false);
    assert.equal(canSend(undefined), false);
    assert.equal(canSend({ model: modelOf("allow-internal") }), false);
  });

  it("ticking something that is not required changes nothing", () => {
    const m = modelOf("reply-drift");
    const s = withTicks(initialState(m), ["not-a-key", ...m.required.slice(1)], true);
    assert.equal(s.ticked.has("not-a-key"), false);
    assert.equal(canSend(s), false);
  });

  it("a re-check keeps the ticks of unchanged items and drops the rest", () => {
    const fx = loadFixture("handmade-history");
    const before = buildModel(fx.verdict, fx.draft, fx.options);
    const ticked = tickAll({ ...initialState(before), reason: "keep me" });
    // The outlier was removed: kimura and the outlier finding are gone, the rest is as it was.
    const v = structuredClone(fx.verdict);
    v.recipients = v.recipients.filter((r) => r.address !== "kimura@other.example");
    v.findings = v.findings.filter((f) => f.id !== "recipient.outlier");
    const after = buildModel(v, fx.draft, fx.options);
    const s = initialState(after, ticked);
    assert.equal(s.reason, "keep me");
    assert.equal(remainingCount(s), 0);
    assert.equal(after.required.length, before.required.length - 2);
    // The mass mail moved to Bcc: the moved recipients changed, so they must be ticked again.
    const mass = loadFixture("mass-visible");
    const fixed = loadFixture("mass-visible.after-fix");
    const m1 = buildModel(mass.verdict, mass.draft, mass.options);
    const m2 = buildModel(fixed.verdict, fixed.draft, mass.options);
    const carried = carryTicks(tickAll(initialState(m1)).ticked, m2);
    assert.equal(carried.size, 0);
    assert.ok(m2.recipients.every((r) => r.fields.join() === "bcc"));
  });

  it("reports what was acknowledged and the trimmed justification", () => {
    const m = modelOf("ja-mixed");
    const s = { ...tickAll(initialState(m)), reason: "  先方の依頼による送付  " };
    assert.deepEqual(resultFor(s, "send"), {
      outcome: "send",
      acknowledged: ["recipient.watch", "attachment.unencrypted", "content.keyword", "recipient.external"],
      justification: "先方の依頼による送付",
    });
    const watch = m.findings.find((f) => f.id === "recipient.watch");
    const partial = withTicks(initialState(m), [watch.tickKey], true);
    assert.deepEqual(resultFor(partial, "cancel"), { outcome: "cancel", acknowledged: ["recipient.watch"], justification: "" });
    // Set by script (no maxlength): cut to fit the host's limit, never inside a surrogate pair.
    const long = resultFor({ ...s, reason: "あ".repeat(999) + "👍👍" }, "send").justification;
    assert.equal(long, "あ".repeat(999));
    assert.ok(Buffer.byteLength(resultFor({ ...s, reason: "漢".repeat(5000) }, "send").justification) <= 4000);
    const confirm = modelOf("reply-drift");
    assert.equal(resultFor({ ...tickAll(initialState(confirm)), reason: "typed anyway" }, "send").justification, "");
  });
});

describe("fixes.js: applySuggestion", () => {
  const recipients = () => ({
    to: ["佐藤 花子 <sato@client-a.example>", { name: "Bob", address: "bob@Client-B.example" }],
    cc: ["bob@client-b.example", "鈴木 <suzuki@corp.example>"],
    bcc: ["already@client-c.example"],
  });

  it("move_to_bcc moves each address once, even from both To and Cc, keeping the entry's form", () => {
    const input = recipients();
    const frozen = JSON.stringify(input);
    const out = applySuggestion(input, { kind: "move_to_bcc", addresses: ["sato@client-a.example", "BOB@client-b.example"] });
    assert.deepEqual(out, {
      to: [],
      cc: ["鈴木 <suzuki@corp.example>"],
      bcc: ["already@client-c.example", "佐藤 花子 <sato@client-a.example>", { name: "Bob", address: "bob@Client-B.example" }],
    });
    assert.equal(JSON.stringify(input), frozen, "the input is not modified");
  });

  it("move_to_bcc does not duplicate an address that is already in Bcc", () => {
    const out = applySuggestion(
      { to: ["x@a.example"], cc: [], bcc: ["X@A.example"] },
      { kind: "move_to_bcc", addresses: ["x@a.example"] },
    );
    assert.deepEqual(out, { to: [], cc: [], bcc: ["X@A.example"] });
  });

  it("replace_recipient replaces in place and keeps the display name", () => {
    const out = applySuggestion(
      { to: ["a@corp.example", "佐藤 花子 <sato@client-a.exmaple>"], cc: [{ name: "佐藤 花子", address: "sato@client-a.exmaple" }], bcc: [] },
      { kind: "replace_recipient", address: "sato@client-a.exmaple", with: "sato@client-a.example" },
    );
    assert.deepEqual(out, {
      to: ["a@corp.example", "佐藤 花子 <sato@client-a.example>"],
      cc: [{ name: "佐藤 花子", address: "sato@client-a.example" }],
      bcc: [],
    });
  });

  it("replace_recipient removes the wrong address when the right one is already there", () => {
    const out = applySuggestion(
      { to: ["sato@client-a.exmaple"], cc: ["Sato <SATO@client-a.example>"], bcc: [] },
      { kind: "replace_recipient", address: "sato@client-a.exmaple", with: "sato@client-a.example" },
    );
    assert.deepEqual(out, { to: [], cc: ["Sato <SATO@client-a.example>"], bcc: [] });
  });

  it("remove_recipient removes every occurrence in To, Cc and Bcc", () => {
    const out = applySuggestion(
      { to: ["X <x@competitor.example>", "y@client.example"], cc: ["x@COMPETITOR.example"], bcc: [{ name: "", address: "x@competitor.example" }] },
      { kind: "remove_recipient", address: "x@competitor.example" },
    );
    assert.deepEqual(out, { to: ["y@client.example"], cc: [], bcc: [] });
  });

  it("matches IDN domains in Unicode and A-label form", () => {
    const out = applySuggestion(
      { to: ["a@bücher.example"], cc: [], bcc: [] },
      { kind: "remove_recipient", address: "a@xn--bcher-kva.example" },
    );
    assert.deepEqual(out.to, []);
  });

  it("keeps other keys of the recipients object and fills missing lists", () => {
    const out = applySuggestion({ to: ["a@x.example"], extra: 1 }, { kind: "remove_recipient", address: "a@x.example" });
    assert.deepEqual(out, { to: [], cc: [], bcc: [], extra: 1 });
  });

  it("refuses what it cannot apply", () => {
    const r = recipients();
    assert.throws(() => applySuggestion(r, { kind: "encrypt_attachments", names: ["a.pdf"] }), TypeError);
    assert.throws(() => applySuggestion(r, { kind: "attach_file" }), TypeError);
    assert.throws(() => applySuggestion(r, { kind: "rm -rf" }), TypeError);
    assert.throws(() => applySuggestion(r, null), TypeError);
    assert.throws(() => applySuggestion(r, { kind: "move_to_bcc" }), TypeError);
    assert.throws(() => applySuggestion(r, { kind: "remove_recipient", address: "" }), TypeError);
    assert.throws(() => applySuggestion(r, { kind: "replace_recipient", address: "a@b.example" }), TypeError);
    assert.throws(() => applySuggestion(null, { kind: "remove_recipient", address: "a@b.example" }), TypeError);
    assert.throws(() => applySuggestion({ to: "a@b.example" }, { kind: "remove_recipient", address: "a@b.example" }), TypeError);
    assert.equal(isRecipientFix({ kind: "attach_file" }), false);
    assert.equal(isRecipientFix({ kind: "move_to_bcc", addresses: [] }), true);
    assert.equal(isEncryptFix({ kind: "encrypt_attachments", names: ["a.pdf"] }), true);
    assert.equal(isEncryptFix({ kind: "encrypt_attachments", names: [] }), false);
    assert.equal(isEncryptFix({ kind: "encrypt_attachments", names: [""] }), false);
    assert.equal(isEncryptFix({ kind: "encrypt_attachments" }), false);
    assert.equal(isOneClickFix({ kind: "encrypt_attachments", names: ["a.pdf"] }), true);
    assert.equal(isOneClickFix({ kind: "remove_recipient", address: "a@b.example" }), true);
    assert.equal(isOneClickFix({ kind: "attach_file" }), false);
  });

  it("parses and formats addresses as Thunderbird writes them", () => {
    assert.deepEqual(parseAddress("佐藤 花子 <sato@client-a.example>"), { name: "佐藤 花子", address: "sato@client-a.example" });
    assert.deepEqual(parseAddress('"Sato, Hanako" <sato@x.example>'), { name: "Sato, Hanako", address: "sato@x.example" });
    assert.deepEqual(parseAddress("  sato@x.example "), { name: "", address: "sato@x.example" });
    assert.deepEqual(parseAddress({ address: "a@b.example" }), { name: "", address: "a@b.example" });
    assert.equal(formatAddress({ name: "Sato, Hanako", address: "sato@x.example" }), '"Sato, Hanako" <sato@x.example>');
    assert.equal(formatAddress({ name: "佐藤 花子", address: "sato@x.example" }), "佐藤 花子 <sato@x.example>");
    assert.equal(formatAddress({ name: 'a "b"', address: "c@d.example" }), '"a \\"b\\"" <c@d.example>');
    assert.deepEqual(parseAddress(formatAddress({ name: 'a "b"', address: "c@d.example" })), { name: 'a "b"', address: "c@d.example" });
    assert.equal(addressKey("Bob <Bob.Smith@EXAMPLE.com>"), "bob.smith@example.com");
  });
});

describe("i18n", () => {
  it("has every string in Japanese and English", () => {
    const shape = (o) =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v && typeof v === "object" ? shape(v) : typeof v]));
    assert.deepEqual(shape(STRING_TABLES.ja), shape(STRING_TABLES.en));
  });

  it("words the encrypt fix and the password advice in both languages", () => {
    const { ja, en } = STRING_TABLES;
    assert.equal(ja.fix.encrypt_attachments(2), "添付ファイル 2 件をパスワード付き ZIP に暗号化する");
    assert.equal(en.fix.encrypt_attachments(1), "Encrypt 1 attachment into a password-protected ZIP");
    assert.equal(en.fix.encrypt_attachments(3), "Encrypt 3 attachments into a password-protected ZIP");
    // Another channel, never a follow-up e-mail.
    assert.match(ja.archive.advice, /電話・チャット・SMS/);
    assert.match(ja.archive.advice, /別のメールで送らないでください/);
    assert.match(en.archive.advice, /phone, chat, SMS/);
    assert.match(en.archive.advice, /Never send it in a follow-up e-mail/);
  });

  it("picks the language from the verdict's locale", () => {
    assert.equal(pickLocale("en"), "en");
    assert.equal(pickLocale("en-US"), "en");
    assert.equal(pickLocale("ja"), "ja");
    assert.equal(pickLocale(undefined), "ja");
    assert.equal(pickLocale("english"), "ja");
  });

  it("writes sizes as people read them", () => {
    assert.equal(formatSize(512, "ja"), "512 バイト");
    assert.equal(formatSize(512, "en"), "512 bytes");
    assert.equal(formatSize(1, "en"), "1 byte");
    assert.equal(formatSize(48213, "ja"), "47 KB");
    assert.equal(formatSize(5000, "en"), "4.9 KB");
    assert.equal(formatSize(611445, "en"), "597 KB");
    assert.equal(formatSize(1048575, "en"), "1 MB");
    assert.equal(formatSize(1288490189, "ja"), "1.2 GB");
    assert.equal(formatSize(-1, "ja"), "サイズ不明");
  });
});

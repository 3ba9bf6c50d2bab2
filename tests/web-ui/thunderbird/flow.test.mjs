// flow.js: what happens when the user presses Send, with fakes of Thunderbird and the host.
import { test } from "node:test";
import assert from "node:assert/strict";

import { DECISION_QUEUE_KEY, createFlow } from "../../../web-ui/thunderbird/flow.js";
import { HostClient } from "../../../web-ui/thunderbird/host.js";
import { LAST_CLIENT_KEY, createSettings } from "../../../web-ui/thunderbird/settings.js";
import { fakeBrowser, fakeFile, fakeHost, fakePort, hostFailure, settle, verdict } from "./fakes.mjs";

const TAB = { id: 7, type: "messageCompose" };

function composeDetails(extra = {}) {
  return {
    type: "new",
    from: "山田 太郎 <yamada@corp.example>",
    to: ["佐藤 花子 <sato@client-a.example>"],
    cc: ["伊藤 <ito@corp.example>"],
    bcc: [],
    subject: "お見積りの件",
    isPlainText: true,
    plainTextBody: "佐藤様\n\n見積書を添付いたします。",
    body: "",
    ...extra,
  };
}

/**
 * A flow over fakes. `dialog(session, flow, win)` plays the dialog page when a dialog window
 * opens (default: none answers). Returns {flow, api, host, events}.
 */
function setup({ respond, dialog, browser = {}, host: givenHost, dialogReadyTimeoutMs = 2000 } = {}) {
  const events = [];
  let flow;
  const api = fakeBrowser({
    ...browser,
    onWindow: (options, id) => {
      const url = new URL(options.url);
      if (url.pathname.endsWith("/dialog/dialog.html") && dialog) {
        dialog(url.searchParams.get("session"), flow, id);
      }
    },
  });
  const host = givenHost ?? fakeHost(respond ?? (() => verdict("allow", "c1")));
  let n = 0;
  flow = createFlow({
    api,
    host,
    settings: createSettings(api.storage),
    record: (e) => events.push(e),
    newId: () => `s${++n}`,
    dialogReadyTimeoutMs,
  });
  return { flow, api, host, events };
}

const SENDER = { id: "thunderbird@sendguard.example", url: "moz-extension://sendguard/dialog/dialog.html" };
const ask = (flow, session, type, extra = {}) => flow.onMessage({ type, session, ...extra }, SENDER);

function noticesOf(api) {
  return api.windows.created
    .filter((w) => w.url.includes("/background/notice.html"))
    .map((w) => JSON.parse(decodeURIComponent(new URL(w.url).hash.slice(1))));
}

test("allow sends without a dialog; after the send the decision reports the final recipients", async () => {
  const { flow, api, host } = setup({ respond: () => verdict("allow", "c1") });
  const result = await flow.beforeSend(TAB, composeDetails());
  assert.deepEqual(result, { cancel: false });
  assert.equal(api.windows.created.length, 0);
  const [check] = host.of("check");
  assert.equal(check.timeoutMs, 20_000, "the default host timeout");
  assert.equal(check.params.locale, "ja");
  assert.deepEqual(check.params.client, { name: "thunderbird", version: "153.7.0" });
  assert.deepEqual(check.params.to, [{ name: "佐藤 花子", address: "sato@client-a.example" }]);
  assert.equal(host.retained, 0, "the host is released once the send is answered");

  await flow.afterSend(TAB, {
    mode: "sendNow",
    headerMessageId: "x@corp.example",
    details: { to: ["佐藤 花子 <sato@client-a.example>"], cc: ["伊藤 <ito@corp.example>"], bcc: [] },
  });
  const [decision] = host.of("decision");
  assert.deepEqual(decision.params, {
    check_id: "c1",
    outcome: "sent",
    acknowledged: [],
    final: {
      to: [{ name: "佐藤 花子", address: "sato@client-a.example" }],
      cc: [{ name: "伊藤", address: "ito@corp.example" }],
      bcc: [],
    },
  });
});

test("confirm opens the check dialog; Send after ticking sends and reports what was acknowledged", async () => {
  let ready;
  const { flow, api, host, events } = setup({
    respond: (method) =>
      method === "check" ? verdict("confirm", "c1", { client: { countdown_seconds: 5 } }) : { recorded: true },
    dialog: async (session, f) => {
      ready = await ask(f, session, "sg-dialog-ready");
      await ask(f, session, "sg-dialog-done", {
        result: { outcome: "send", acknowledged: ["recipient.external"], justification: "" },
      });
    },
  });
  const result = await flow.beforeSend(TAB, composeDetails());
  assert.deepEqual(result, { cancel: false });
  const [win] = api.windows.created;
  assert.equal(win.type, "popup");
  assert.match(win.url, /^moz-extension:\/\/sendguard\/dialog\/dialog\.html\?session=s1$/);
  assert.equal(ready.verdict.check_id, "c1");
  assert.deepEqual(ready.options, { countdown_seconds: 5 });
  assert.deepEqual(ready.draft.to, [{ name: "佐藤 花子", address: "sato@client-a.example" }]);
  assert.equal("body" in ready.draft, false);
  assert.deepEqual(api.windows.removed, [win.id], "the dialog window is closed");
  assert.ok(events.some((e) => e.kind === "dialog-shown" && e.action === "confirm"));

  await flow.afterSend(TAB, { mode: "sendNow", details: { to: ["sato@client-a.example"], cc: [], bcc: [] } });
  assert.deepEqual(host.of("decision")[0].params.acknowledged, ["recipient.external"]);
  assert.equal(host.of("decision")[0].params.outcome, "sent");
});

test("Cancel in the dialog keeps the mail and reports the check as cancelled", async () => {
  const { flow, host } = setup({
    respond: (method) => (method === "check" ? verdict("justify", "c1") : { recorded: true }),
    dialog: async (session, f) => {
      await ask(f, session, "sg-dialog-ready");
      await ask(f, session, "sg-dialog-done", { result: { outcome: "cancel", acknowledged: [] } });
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: true });
  await settle();
  assert.deepEqual(host.of("decision")[0].params, { check_id: "c1", outcome: "cancelled", acknowledged: [] });
  // Thunderbird reports the cancelled send as failed; that is not a second decision.
  await flow.afterSend(TAB, { mode: "sendNow", error: "Send aborted by an onBeforeSend event" });
  assert.equal(host.of("decision").length, 1);
});

test("closing the dialog window counts as cancel", async () => {
  const { flow, host } = setup({
    respond: (method) => (method === "check" ? verdict("confirm", "c1") : { recorded: true }),
    dialog: async (session, f, windowId) => {
      await ask(f, session, "sg-dialog-ready");
      f.windowRemoved(windowId);
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: true });
  await settle();
  assert.equal(host.of("decision")[0].params.outcome, "cancelled");
});

test("block shows why in the dialog and cannot be sent, even if the dialog says send", async () => {
  const { flow, api, events } = setup({
    respond: (method) => (method === "check" ? verdict("block", "c1") : { recorded: true }),
    dialog: async (session, f) => {
      const ready = await ask(f, session, "sg-dialog-ready");
      assert.equal(ready.verdict.action, "block");
      await ask(f, session, "sg-dialog-done", { result: { outcome: "send", acknowledged: [] } });
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: true });
  const [notice] = noticesOf(api);
  assert.equal(notice.code, "not_allowed");
  assert.ok(events.some((e) => e.kind === "cancelled"));
});

test("justify needs a reason of at least 4 characters", async () => {
  const run = async (justification) => {
    const { flow } = setup({
      respond: (method) => (method === "check" ? verdict("justify", "c1") : { recorded: true }),
      dialog: async (session, f) => {
        await ask(f, session, "sg-dialog-ready");
        await ask(f, session, "sg-dialog-done", { result: { outcome: "send", acknowledged: [], justification } });
      },
    });
    return flow.beforeSend(TAB, composeDetails());
  };
  assert.deepEqual(await run("  ok  "), { cancel: true });
  assert.deepEqual(await run("先方の依頼です"), { cancel: false });
});

test("host missing, fail-closed (the default): the mail stays and the user is told how to fix it", async () => {
  const { flow, api, events } = setup({
    respond: () => {
      throw hostFailure("host_missing", "No such native application sendguard");
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: true });
  const [notice] = noticesOf(api);
  assert.equal(notice.kind, "stopped");
  assert.equal(notice.code, "host_missing");
  assert.equal(notice.locale, "ja");
  assert.match(notice.reason, /ホストプログラム/);
  assert.match(notice.fix, /sendguard install thunderbird/);
  assert.match(notice.note, /作成ウィンドウに残っています/);
  assert.equal(api.notifications.created.length, 1, "a system notification as well");
  assert.ok(events.some((e) => e.kind === "fail-closed" && e.code === "host_missing"));
  assert.ok(events.some((e) => e.kind === "notified"));
});

test("a second notice replaces the first instead of piling up windows", async () => {
  const { flow, api } = setup({
    respond: () => {
      throw hostFailure("host_missing");
    },
  });
  await flow.beforeSend(TAB, composeDetails());
  await settle();
  await flow.beforeSend(TAB, composeDetails());
  await settle();
  const notices = api.windows.created.filter((w) => w.url.includes("notice.html"));
  assert.equal(notices.length, 2);
  assert.deepEqual(api.windows.removed, [notices[0].id]);
});

test("host missing, fail-open (last seen from the host): the mail is sent and the user is told so", async () => {
  const { flow, api, events } = setup({
    browser: { local: { [LAST_CLIENT_KEY]: { fail_mode: "open", host_timeout_seconds: 5, countdown_seconds: 0 } }, uiLanguage: "en-US" },
    respond: () => {
      throw hostFailure("host_missing");
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: false });
  const [notice] = noticesOf(api);
  assert.equal(notice.kind, "unchecked");
  assert.equal(notice.locale, "en");
  assert.equal(notice.title, "Sent without a check");
  assert.ok(events.some((e) => e.kind === "fail-open"));
});

test("the administrator's storage.managed fail_mode beats what the host said", async () => {
  const { flow } = setup({
    browser: { local: { [LAST_CLIENT_KEY]: { fail_mode: "open" } }, managed: { fail_mode: "closed" } },
    respond: () => {
      throw hostFailure("host_timeout");
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: true });
});

test("a slow host times out after host_timeout_seconds and the send is stopped", async () => {
  const port = fakePort();
  const host = new HostClient({ connectNative: () => port, idleCloseMs: 10 });
  const { flow, api } = setup({ host, browser: { local: { [LAST_CLIENT_KEY]: { host_timeout_seconds: 1 } } } });
  const started = Date.now();
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: true });
  const took = Date.now() - started;
  assert.ok(took >= 950 && took < 5000, `took ${took} ms`);
  assert.equal(port.posted[0].method, "check");
  assert.equal(port.disconnected, true, "the stuck host is let go");
  const [notice] = noticesOf(api);
  assert.equal(notice.code, "host_timeout");
  assert.match(notice.reason, /1 秒/);
});

test("a host error answer is shown with the host's message", async () => {
  const { flow, api } = setup({
    respond: () => {
      throw hostFailure("invalid_request", "宛先のアドレスが不正です");
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: true });
  assert.match(noticesOf(api)[0].reason, /宛先のアドレスが不正です/);
});

test("a verdict without check_id or action is not trusted", async () => {
  const { flow, api } = setup({ respond: () => ({ action: "allow" }) });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: true });
  assert.equal(noticesOf(api)[0].code, "bad_verdict");
});

test("a fix from the dialog is checked again and changes the recipients that are sent", async () => {
  let afterFix;
  const { flow, host } = setup({
    respond: (method, params, n) => {
      if (method !== "check") return { recorded: true };
      return n === 1 ? verdict("confirm", "c1") : verdict("allow", "c2");
    },
    dialog: async (session, f) => {
      await ask(f, session, "sg-dialog-ready");
      afterFix = await ask(f, session, "sg-dialog-fix", {
        suggestion: { kind: "move_to_bcc", addresses: ["sato@client-a.example"] },
      });
      await ask(f, session, "sg-dialog-done", { result: { outcome: "send", acknowledged: [] } });
    },
  });
  const result = await flow.beforeSend(TAB, composeDetails());
  const checks = host.of("check");
  assert.equal(checks.length, 2, "checked again after the fix");
  assert.deepEqual(checks[1].params.to, []);
  assert.deepEqual(checks[1].params.bcc, [{ name: "佐藤 花子", address: "sato@client-a.example" }]);
  assert.equal(afterFix.verdict.check_id, "c2");
  assert.deepEqual(afterFix.draft.bcc, [{ name: "佐藤 花子", address: "sato@client-a.example" }]);
  assert.deepEqual(result, {
    cancel: false,
    details: { to: [], cc: ["伊藤 <ito@corp.example>"], bcc: ["佐藤 花子 <sato@client-a.example>"] },
  });
  await flow.afterSend(TAB, { mode: "sendNow", details: result.details });
  assert.equal(host.of("decision")[0].params.check_id, "c2", "the decision is about the check the user acted on");
});

test("replace and remove fixes change the real draft too", async () => {
  const { flow } = setup({
    respond: (method, params, n) => (n === 1 ? verdict("confirm", "c1") : verdict("confirm", `c${n}`)),
    dialog: async (session, f) => {
      await ask(f, session, "sg-dialog-ready");
      await ask(f, session, "sg-dialog-fix", {
        suggestion: { kind: "replace_recipient", address: "sato@client-a.example", with: "sato@client-a.example.jp" },
      });
      await ask(f, session, "sg-dialog-fix", { suggestion: { kind: "remove_recipient", address: "ito@corp.example" } });
      await ask(f, session, "sg-dialog-done", { result: { outcome: "send", acknowledged: [] } });
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), {
    cancel: false,
    details: { to: ["佐藤 花子 <sato@client-a.example.jp>"], cc: [], bcc: [] },
  });
});

test("a fix whose re-check fails leaves the draft as it was and tells the dialog", async () => {
  let answer;
  const { flow, host } = setup({
    respond: (method, params, n) => {
      if (n === 1) return verdict("confirm", "c1");
      throw hostFailure("host_timeout");
    },
    dialog: async (session, f) => {
      await ask(f, session, "sg-dialog-ready");
      answer = await ask(f, session, "sg-dialog-fix", { suggestion: { kind: "remove_recipient", address: "ito@corp.example" } });
      const bad = await ask(f, session, "sg-dialog-fix", { suggestion: { kind: "encrypt_attachments", names: ["a"] } });
      assert.equal(bad.error.code, "invalid_fix");
      await ask(f, session, "sg-dialog-done", { result: { outcome: "send", acknowledged: [] } });
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: false }, "sent unchanged");
  assert.equal(answer.error.code, "host_timeout");
  assert.match(answer.error.message, /修正後の確認ができませんでした/);
  assert.equal(host.of("check").length, 2);
});

test("a send retried after a cancel is checked again, and each check gets one decision", async () => {
  let round = 0;
  const { flow, host } = setup({
    respond: (method, params, n) => (method === "check" ? verdict("confirm", `c${n}`) : { recorded: true }),
    dialog: async (session, f) => {
      round++;
      await ask(f, session, "sg-dialog-ready");
      const outcome = round === 1 ? "cancel" : "send";
      await ask(f, session, "sg-dialog-done", { result: { outcome, acknowledged: [] } });
      // A late second "done" (the page closing) changes nothing.
      const late = await ask(f, session, "sg-dialog-done", { result: { outcome: "send", acknowledged: [] } });
      assert.equal(late.error.code, "no_session");
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: true });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: false });
  await flow.afterSend(TAB, { mode: "sendNow", details: { to: ["sato@client-a.example"] } });
  await flow.afterSend(TAB, { mode: "sendNow", details: { to: ["sato@client-a.example"] } });
  assert.equal(host.of("check").length, 2);
  assert.deepEqual(
    host.of("decision").map((d) => [d.params.check_id, d.params.outcome]),
    [
      ["c1", "cancelled"],
      ["c2", "sent"],
    ],
  );
});

test("a dialog page that never starts does not leave the send hanging", async () => {
  const { flow, api } = setup({
    respond: () => verdict("confirm", "c1"),
    dialog: () => {}, // the page never says it is ready
    dialogReadyTimeoutMs: 50,
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: true });
  assert.equal(noticesOf(api)[0].code, "dialog_failed");
});

test("a second Send for the same compose window while one is being checked is refused", async () => {
  let second;
  const { flow } = setup({
    respond: () => verdict("confirm", "c1"),
    dialog: async (session, f) => {
      await ask(f, session, "sg-dialog-ready");
      second = await f.beforeSend(TAB, composeDetails());
      await ask(f, session, "sg-dialog-done", { result: { outcome: "send", acknowledged: [] } });
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: false });
  assert.deepEqual(second, { cancel: true });
});

test("a failed delivery after approval is reported as cancelled", async () => {
  const { flow, host, events } = setup({ respond: (m) => (m === "check" ? verdict("allow", "c1") : { recorded: true }) });
  await flow.beforeSend(TAB, composeDetails());
  await flow.afterSend(TAB, { mode: "sendNow", error: "SMTP: connection refused" });
  assert.deepEqual(host.of("decision")[0].params, { check_id: "c1", outcome: "cancelled", acknowledged: [] });
  assert.ok(events.some((e) => e.kind === "send-failed"));
});

test("a decision the host could not take is kept and sent after the next check", async () => {
  let hostUp = false;
  const { flow, api, host } = setup({
    respond: (method, params, n) => {
      if (method === "check") return verdict("allow", `c${n}`);
      if (!hostUp) throw hostFailure("host_disconnected");
      return { recorded: true };
    },
  });
  await flow.beforeSend(TAB, composeDetails());
  await flow.afterSend(TAB, { mode: "sendNow", details: { to: ["sato@client-a.example"] } });
  assert.equal(api.storage.local.data[DECISION_QUEUE_KEY].length, 1);
  hostUp = true;
  await flow.beforeSend({ id: 8 }, composeDetails());
  await settle();
  await settle();
  const decisions = host.of("decision").map((d) => d.params.check_id);
  assert.deepEqual(decisions, ["c1", "c1"], "retried once after the next check");
  assert.deepEqual(api.storage.local.data[DECISION_QUEUE_KEY], []);
});

test("the client settings in a verdict are remembered for when the host is gone", async () => {
  let up = true;
  const { flow, api } = setup({
    respond: () => {
      if (!up) throw hostFailure("host_missing");
      return verdict("allow", "c1", { client: { fail_mode: "open", host_timeout_seconds: 9, countdown_seconds: 3 } });
    },
  });
  await flow.beforeSend(TAB, composeDetails());
  assert.deepEqual(api.storage.local.data[LAST_CLIENT_KEY], { fail_mode: "open", host_timeout_seconds: 9, countdown_seconds: 3 });
  up = false;
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: false }, "fail-open as the host last said");
});

test("a mailing list is checked as its members; one that cannot be expanded stops the send", async () => {
  const lists = { 取引先: [["佐藤", "sato@client-a.example"], ["Kim", "kim@client-b.example"]] };
  const { flow, host } = setup({ browser: { mailingLists: lists }, respond: () => verdict("allow", "c1") });
  await flow.beforeSend(TAB, composeDetails({ to: ["取引先 <取引先>"], cc: [] }));
  assert.deepEqual(host.of("check")[0].params.to, [
    { name: "佐藤", address: "sato@client-a.example" },
    { name: "Kim", address: "kim@client-b.example" },
  ]);

  const missing = setup({ respond: () => verdict("allow", "c1") });
  assert.deepEqual(await missing.flow.beforeSend(TAB, composeDetails({ to: ["Unknown <Unknown>"] })), { cancel: true });
  assert.equal(noticesOf(missing.api)[0].code, "unresolved_recipient");
  assert.equal(missing.host.of("check").length, 0);
});

test("attachments and the original message of a reply go into the draft", async () => {
  const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => i & 0xff);
  const { flow, host } = setup({
    browser: {
      attachments: [{ id: 1, name: "見積書.pdf", size: bytes.length, file: fakeFile(bytes, "application/pdf") }],
      messages: { 42: { author: "佐藤 花子 <sato@client-a.example>", recipients: ["yamada@corp.example"], ccList: [] } },
    },
  });
  await flow.beforeSend(TAB, composeDetails({ type: "reply", relatedMessageId: 42, cc: [] }));
  const draft = host.of("check")[0].params;
  assert.equal(draft.compose_type, "reply");
  assert.deepEqual(draft.original_recipients, [
    { name: "佐藤 花子", address: "sato@client-a.example" },
    { name: "", address: "yamada@corp.example" },
  ]);
  assert.deepEqual(draft.attachments[0].name, "見積書.pdf");
  assert.equal(draft.attachments[0].content_type, "application/pdf");
  assert.equal(draft.attachments[0].content_base64, Buffer.from(bytes).toString("base64"));
});

test("messages from another extension or for an unknown session are refused", async () => {
  const { flow } = setup();
  const foreign = await flow.onMessage({ type: "sg-dialog-ready", session: "s1" }, { id: "evil@example" });
  assert.equal(foreign.error.code, "forbidden");
  const unknown = await flow.onMessage({ type: "sg-dialog-ready", session: "nope" }, SENDER);
  assert.equal(unknown.error.code, "no_session");
});

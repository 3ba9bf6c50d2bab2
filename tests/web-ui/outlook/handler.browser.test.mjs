// The Smart Alerts handler (launchevent.js via commands.html) in headless Chromium against the real sendguard host over HTTPS, with a stand-in for Outlook's Office.js, which cannot run here: allow, the alert and its options, and every send mode and fail mode when the host cannot answer.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { fireSend, massRecipients, openPage, profile, SENDER, useHostAndBrowser, who } from "./harness.mjs";

const env = useHostAndBrowser();

const commandsUrl = () => `${env.hostDir.host.origin}/addin/outlook/commands.html`;

function internalMail() {
  return {
    displayLanguage: "ja-JP",
    userProfile: SENDER,
    from: SENDER,
    to: [who("sato@corp.example", "佐藤 花子")],
    cc: [who("suzuki@corp.example", "鈴木 一郎")],
    subject: "来週の定例について",
    body: { type: "text", text: "佐藤さん\n\n来週の定例は水曜 10 時からです。\n\n山田" },
  };
}

function massMail(lang = "ja-JP") {
  return {
    displayLanguage: lang,
    userProfile: SENDER,
    from: SENDER,
    to: massRecipients(12),
    subject: "新製品発表会のご案内",
    body: { type: "html", text: "各位\n\n新製品発表会を開催いたします。", html: "<p>各位</p><p>新製品発表会を開催いたします。</p>" },
  };
}

// What the alert opens with, per action (launchevent.js's strings).
const HEADLINES = {
  ja: { confirm: "送信前に確認が必要です", justify: "送信するには理由の入力が必要です", block: "このメールは送信できません" },
  en: { confirm: "Check this message before sending", justify: "A reason is needed to send this message", block: "This message cannot be sent" },
};

// The host's action for the page's item, asked the way the handler asks.
const actionOf = (page) => page.evaluate(async () => {
  const sg = globalThis.SendGuardOutlook;
  return (await sg.check((await sg.collectDraft()).draft)).action;
});

async function withPage(state, fn) {
  const page = await openPage(env.browser.context, commandsUrl(), state);
  try {
    return await fn(page);
  } finally {
    const errors = page.errors;
    await page.close();
    assert.deepEqual(errors, [], "no script errors on commands.html");
  }
}

describe("the Send handler, with a stand-in for Outlook's Office.js, which cannot run here", () => {
  it("is registered as onMessageSendHandler by commands.html, loaded from the host", async () => {
    await withPage(internalMail(), async (page) => {
      await page.waitForFunction(() => globalThis.SGOfficeStandIn.handlers().length > 0);
      assert.deepEqual(await page.evaluate(() => globalThis.SGOfficeStandIn.handlers()), ["onMessageSendHandler"]);
      const config = await page.evaluate(() => globalThis.SendGuardOutlook.config);
      assert.equal(config.origin, env.hostDir.host.origin, "the host wrote its own origin into SG_HOST_CONFIG");
      assert.equal(config.send_mode, "soft-block");
    });
  });

  it("lets internal mail go at once and records the decision", async () => {
    await withPage(internalMail(), async (page) => {
      const { options, completions } = await fireSend(page);
      assert.deepEqual(options, { allowEvent: true });
      assert.equal(completions.length, 1, "the event is completed exactly once");
      const records = await env.hostDir.audit({ outcome: "sent", recipient: "sato@corp.example" });
      assert.ok(records.length >= 1, "a sent decision is in the audit log");
      assert.equal(records[0].check?.action, "allow");
      assert.deepEqual(records[0].final.to, ["sato@corp.example"]);
    });
  });

  it("stops an external mass mail in To with the alert, the Review button to the task pane and the check as context", async () => {
    await withPage(massMail(), async (page) => {
      const { options, completions } = await fireSend(page);
      assert.equal(completions.length, 1);
      assert.equal(options.allowEvent, false);
      assert.equal(options.commandId, "SendGuardTaskPane");
      assert.equal(options.cancelLabel, "確認する");
      assert.ok(!("sendModeOverride" in options), "the manifest's send mode applies: no Send Anyway");
      assert.ok(options.errorMessage.length <= 500 && options.errorMessageMarkdown.length <= 500);
      const headline = HEADLINES.ja[await actionOf(page)];
      assert.ok(options.errorMessage.startsWith(`${headline}\n\n・`), options.errorMessage);
      assert.match(options.errorMessage, /・社外の宛先 12 件（6 組織）が To\/Cc で/, "names the mass-mail finding");
      assert.match(options.errorMessage, /「確認する」/);
      assert.ok(options.errorMessageMarkdown.startsWith(`**${headline}**\n\n- `), options.errorMessageMarkdown);
      assert.match(options.errorMessageMarkdown, /\r\n\n/, "list items end with \\r, the paragraph with a blank line");
      const context = JSON.parse(options.contextData);
      assert.match(context.check_id, /\S/);
      assert.match(context.draft_digest, /^[0-9a-f]{64}$/, "the host's draft_digest goes to the task pane");
    });
  });

  it("speaks English to an English Outlook", async () => {
    await withPage(massMail("en-US"), async (page) => {
      const { options } = await fireSend(page);
      assert.equal(options.cancelLabel, "Review");
      assert.ok(options.errorMessage.startsWith(HEADLINES.en[await actionOf(page)]), options.errorMessage);
      assert.match(options.errorMessage, /Press Review/);
    });
  });
});

describe("the Send handler when the host cannot answer, with a stand-in for Outlook's Office.js, which cannot run here", () => {
  // Each case: the page comes from a host with that profile, then the host stops (or hangs).
  async function downUnder(profileDoc, state, { hang = false } = {}) {
    await env.hostDir.start(profileDoc, `down-${profileDoc.outlook.send_mode}-${profileDoc.client.fail_mode}`);
    const page = await openPage(env.browser.context, commandsUrl(), state);
    try {
      await page.waitForFunction(() => globalThis.SGOfficeStandIn.handlers().length > 0);
      if (hang) env.hostDir.host.pause();
      else await env.hostDir.stop();
      const started = Date.now();
      const result = await fireSend(page);
      result.elapsedMs = Date.now() - started;
      result.notifications = (await page.evaluate(() => globalThis.SGOfficeStandIn.state())).notifications;
      assert.deepEqual(page.errors, []);
      return result;
    } finally {
      await page.close();
      await env.hostDir.start(profile());
    }
  }

  it("block: stops the mail and says it cannot go until SendGuard answers (no Send Anyway)", async () => {
    const { options, completions } = await downUnder(profile({ sendMode: "block" }), massMail());
    assert.equal(completions.length, 1);
    assert.equal(options.allowEvent, false);
    assert.ok(!("sendModeOverride" in options));
    assert.match(options.errorMessage, /接続できません/);
    assert.match(options.errorMessage, /応答するまで、このメールは送信できません/);
  });

  it("soft-block: stops the mail and lets the user Send Anyway (sendModeOverride PromptUser)", async () => {
    const { options, completions } = await downUnder(profile({ sendMode: "soft-block" }), massMail("en-US"));
    assert.equal(completions.length, 1);
    assert.equal(options.allowEvent, false);
    assert.equal(options.sendModeOverride, "promptUser");
    assert.match(options.errorMessage, /SendGuard on this computer cannot be reached/);
    assert.match(options.errorMessage, /send it unchecked from this dialog/);
  });

  it("prompt-user: the same, with Send Anyway", async () => {
    const { options } = await downUnder(profile({ sendMode: "prompt-user" }), internalMail());
    assert.equal(options.allowEvent, false);
    assert.equal(options.sendModeOverride, "promptUser");
  });

  it("fail mode open: the mail goes unchecked and the item's information bar says so", async () => {
    const { options, completions, notifications } = await downUnder(profile({ sendMode: "block", failMode: "open" }), massMail());
    assert.deepEqual(options, { allowEvent: true });
    assert.equal(completions.length, 1);
    assert.equal(notifications.length, 1);
    assert.equal(notifications[0].type, "informationalMessage");
    assert.match(notifications[0].message, /確認せずに送信しました/);
  });

  it("a host that accepts but never answers: stopped after host_timeout_seconds with that reason", async () => {
    const { options, completions, elapsedMs } = await downUnder(profile({ sendMode: "soft-block", timeoutSeconds: 2 }), massMail("en-US"), { hang: true });
    assert.equal(completions.length, 1);
    assert.equal(options.allowEvent, false);
    assert.equal(options.sendModeOverride, "promptUser");
    assert.match(options.errorMessage, /did not answer within 2 seconds/);
    assert.ok(elapsedMs < 8000, `completed after ${elapsedMs} ms`);
  });

  it("a draft the host refuses (an unusable address) follows the send mode too, with the host's reason", async () => {
    const state = { ...internalMail(), to: [who("not an address", "誰か")] };
    await withPage({ ...state, displayLanguage: "en-US" }, async (page) => {
      const { options, completions } = await fireSend(page);
      assert.equal(completions.length, 1);
      assert.equal(options.allowEvent, false);
      assert.equal(options.sendModeOverride, "promptUser");
      assert.match(options.errorMessage, /SendGuard returned an error \(invalid_request\)/);
    });
  });

  it("Office.js failing to read the item: the event is still completed once, by the send mode", async () => {
    await withPage(internalMail(), async (page) => {
      await page.evaluate(() => globalThis.SGOfficeStandIn.fail("to.getAsync", "GenericResponseError"));
      const { options, completions } = await fireSend(page);
      assert.equal(completions.length, 1);
      assert.equal(options.allowEvent, false);
      assert.match(options.errorMessage, /読み取れませんでした/);
    });
  });
});

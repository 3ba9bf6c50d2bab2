// The SendGuard task pane (taskpane.html: the check dialog with the Outlook adapter) in headless Chromium against the real sendguard host over HTTPS, with a stand-in for Outlook's Office.js, which cannot run here: fixes applied to the item, the encrypted archive 7-Zip opens, the mark, sendAsync, the next Send passing, and a draft edited after the check alerting again.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";

import { callsOf, fileAttachment, fireSend, massRecipients, openPage, SENDER, standinState, useHostAndBrowser, who } from "./harness.mjs";

const run = promisify(execFile);
const SEVEN_ZIP = process.env.SENDGUARD_7ZZ ?? "/usr/bin/7zz";

const env = useHostAndBrowser();

const pageUrl = (name) => `${env.hostDir.host.origin}/addin/outlook/${name}`;
const ESTIMATE_CSV = "品番,品名,数量,単価\nA-100,ケーブル,3,1200\nB-200,アダプタ,1,3400\n";

function massMailWithAttachment(lang = "ja-JP") {
  return {
    displayLanguage: lang,
    userProfile: SENDER,
    from: SENDER,
    to: massRecipients(12),
    cc: [],
    bcc: [],
    subject: "お見積りの件",
    body: { type: "text", text: "各位\n\nお見積りを添付いたします。\n\n山田" },
    attachments: [fileAttachment("att-1", "見積書.csv", ESTIMATE_CSV, "text/csv")],
  };
}

async function closePage(page) {
  const errors = page.errors;
  await page.close();
  assert.deepEqual(errors, [], "no script errors on the page");
}

/** The handler's alert for `state`, as Outlook would show it before the user presses Review. */
async function alertFor(state) {
  const page = await openPage(env.browser.context, pageUrl("commands.html"), state);
  try {
    return await fireSend(page);
  } finally {
    await closePage(page);
  }
}

async function openPane(state) {
  const page = await openPage(env.browser.context, pageUrl("taskpane.html"), state);
  await page.waitForSelector('[data-testid="sg-dialog"][data-ready="true"]');
  return page;
}

const phase = (page) => page.getAttribute('[data-testid="sg-dialog"]', "data-phase");
const action = (page) => page.getAttribute('[data-testid="sg-dialog"]', "data-action");

async function pressFix(page, kind) {
  const before = await page.evaluate(() => globalThis.SGOfficeStandIn.calls().length);
  await page.click(`button[data-fix-kind="${kind}"]`);
  await page.waitForFunction(() => document.querySelector('[data-testid="sg-dialog"]').dataset.phase === "ready");
  const error = await page.locator(".sg-footer .sg-error").textContent().catch(() => "");
  assert.equal(error ?? "", "", `the ${kind} fix reported an error`);
  return (await page.evaluate(() => globalThis.SGOfficeStandIn.calls())).slice(before);
}

async function tickAllRequired(page) {
  // One unticked box at a time, looked up afresh (ticking one can tick others).
  for (;;) {
    const box = page.locator("input[type=checkbox][data-required]:not(:checked)").first();
    if (!(await box.count())) break;
    await box.click();
  }
  if ((await action(page)) === "justify") await page.fill('[data-testid="reason"]', "先方のご依頼により、この宛先に送付します");
}

async function pressSend(page) {
  await tickAllRequired(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="sg-dialog"]').dataset.canSend === "true");
  await page.click('[data-testid="send"]');
  await page.waitForFunction(() => !document.getElementById("sg-notice").hidden);
  return {
    kind: await page.getAttribute('[data-testid="outlook-notice"]', "data-kind"),
    text: await page.textContent('[data-testid="outlook-notice"]'),
  };
}

describe("the task pane, with a stand-in for Outlook's Office.js, which cannot run here", () => {
  it("moves a mass mail to Bcc, swaps the attachment for an archive 7-Zip opens, marks the item and sends; the next Send passes and is recorded; an edited draft is checked again", async () => {
    const state = massMailWithAttachment();
    const alert = await alertFor(state);
    assert.equal(alert.options.allowEvent, false);
    assert.equal(alert.options.commandId, "SendGuardTaskPane");

    // Review: Outlook opens the pane with the alert's contextData.
    const page = await openPane({ ...state, initializationContext: alert.options.contextData });
    assert.ok(["confirm", "justify"].includes(await action(page)));
    assert.equal((await callsOf(page, "getInitializationContextAsync")).length, 1);

    // Move to Bcc: applied to the item itself, Bcc first.
    const bccCalls = await pressFix(page, "move_to_bcc");
    const sets = bccCalls.filter((c) => c.method.endsWith(".setAsync"));
    assert.deepEqual(sets.map((c) => c.method), ["bcc.setAsync", "to.setAsync"]);
    assert.deepEqual(sets[0].args[0].map((r) => r.emailAddress), state.to.map((r) => r.emailAddress));
    assert.equal(sets[0].args[0][0].displayName, "取引先 1", "display names are kept");
    assert.deepEqual(sets[1].args[0], []);
    assert.equal(await page.locator('[data-finding-id="recipient.mass_visible"]').count(), 0, "checked again: no longer a visible mass mail");

    // Encrypt: the host's archive goes into the item, the original comes out.
    const encryptCalls = await pressFix(page, "encrypt_attachments");
    const added = encryptCalls.filter((c) => c.method === "addFileAttachmentFromBase64Async");
    assert.equal(added.length, 1);
    const [archiveBase64, archiveName, addOptions] = added[0].args;
    assert.equal(archiveName, "見積書.zip");
    assert.deepEqual(addOptions, { isInline: false });
    assert.deepEqual(encryptCalls.filter((c) => c.method === "removeAttachmentAsync").map((c) => c.args[0]), ["att-1"]);
    const password = (await page.textContent('[data-testid="archive-password"]')).trim();
    assert.ok(password.length >= 12, "the password is shown in the pane");
    const item = await standinState(page);
    assert.deepEqual(item.attachments.map((a) => a.name), ["見積書.zip"]);

    // 7-Zip opens the archive the item received with the password the pane shows.
    const work = fs.mkdtempSync(path.join(env.hostDir.dir, "archive-"));
    const zip = path.join(work, "archive.zip");
    fs.writeFileSync(zip, Buffer.from(archiveBase64, "base64"));
    await run(SEVEN_ZIP, ["x", `-p${password}`, `-o${path.join(work, "out")}`, "-y", zip]);
    assert.equal(fs.readFileSync(path.join(work, "out", "見積書.csv"), "utf8"), ESTIMATE_CSV);
    await assert.rejects(run(SEVEN_ZIP, ["t", "-pwrong-password", zip]), "a wrong password does not open it");

    // Send: the mark goes into the item's sessionData, then sendAsync.
    const notice = await pressSend(page);
    assert.equal(notice.kind, "sending");
    assert.match(notice.text, /送信しています/);
    const marks = await callsOf(page, "sessionData.setAsync");
    assert.equal(marks.length, 1);
    assert.equal(marks[0].args[0], "sendguard");
    const mark = JSON.parse(marks[0].args[1]);
    assert.match(mark.digest, /^[0-9a-f]{64}$/);
    assert.ok(mark.acknowledged.includes("recipient.external"));
    assert.ok(!JSON.stringify(mark).includes(password), "the password is not in the mark");
    const sendCalls = await callsOf(page, "sendAsync");
    assert.equal(sendCalls.length, 1, "sent from the pane");
    const sentState = await standinState(page);
    await closePage(page);

    // sendAsync makes Outlook run the Send handler: the same draft passes without an alert.
    const again = await alertFor(sentState);
    assert.deepEqual(again.options, { allowEvent: true });
    assert.equal(again.completions.length, 1);
    const records = await env.hostDir.audit({ outcome: "sent", recipient: state.to[0].emailAddress });
    assert.equal(records.length, 1, "one sent decision for the mass mail");
    assert.deepEqual(records[0].acknowledged, mark.acknowledged);
    assert.equal(records[0].final.to.length, 0);
    assert.equal(records[0].final.bcc.length, 12);
    assert.deepEqual(records[0].check.attachments.map((a) => a.name), ["見積書.zip"]);

    // A recipient added after the check: the digest differs, the alert comes back.
    const edited = { ...sentState, to: [who("someone@client-z.example", "新しい宛先")] };
    const changed = await alertFor(edited);
    assert.equal(changed.options.allowEvent, false);
    assert.equal(changed.options.commandId, "SendGuardTaskPane");
    assert.equal(changed.completions.length, 1);
    assert.notEqual(JSON.parse(changed.options.contextData).draft_digest, mark.digest);
  });

  it("without sendAsync (a Mailbox 1.14 client) marks the item and asks the user to press Send, which then passes", async () => {
    const state = {
      displayLanguage: "en-US",
      mailbox: "1.14",
      sendAsync: false,
      userProfile: SENDER,
      from: SENDER,
      to: [who("tanaka@partner-x.example", "Tanaka")],
      subject: "Meeting notes",
      body: { type: "text", text: "Dear Mr Tanaka,\n\nThe notes are below.\n\nYamada" },
    };
    const page = await openPane(state);
    const notice = await pressSend(page);
    assert.equal(notice.kind, "press-send");
    assert.match(notice.text, /Press Send in the message/);
    assert.equal((await callsOf(page, "sessionData.setAsync")).length, 1);
    const after = await standinState(page);
    await closePage(page);
    const send = await alertFor(after);
    assert.deepEqual(send.options, { allowEvent: true });
  });

  it("Cancel records a cancelled decision, removes an earlier mark and leaves the message as it is", async () => {
    const state = { ...massMailWithAttachment("en-US"), sessionData: { sendguard: JSON.stringify({ digest: "0".repeat(64), check_id: "c_old", acknowledged: [], justification: "" }) } };
    const page = await openPane(state);
    await page.click('[data-testid="cancel"]');
    await page.waitForFunction(() => !document.getElementById("sg-notice").hidden);
    assert.equal(await page.getAttribute('[data-testid="outlook-notice"]', "data-kind"), "cancelled");
    assert.equal((await callsOf(page, "sessionData.removeAsync")).length, 1);
    assert.equal((await callsOf(page, "sendAsync")).length, 0);
    const item = await standinState(page);
    assert.deepEqual(item.sessionData, {});
    assert.equal(item.to.length, 12);
    await closePage(page);
    const records = await env.hostDir.audit({ outcome: "cancelled", recipient: state.to[0].emailAddress });
    assert.ok(records.length >= 1, "the cancel is in the audit log");
  });

  it("opened again by a new alert while open, checks the draft afresh", async () => {
    const page = await openPane(massMailWithAttachment());
    assert.equal(await page.locator('[data-finding-id="recipient.mass_visible"]').count(), 1);
    assert.equal((await callsOf(page, "addHandlerAsync"))[0]?.args[0], "olkInitializationContextChanged");
    // The user makes it an internal note and presses Send; the new alert's Review reaches the open pane.
    await page.evaluate(() => globalThis.SGOfficeStandIn.update({ to: [{ displayName: "佐藤 花子", emailAddress: "sato@corp.example" }], attachments: [], body: { type: "text", text: "佐藤さん\n\n社内メモです。" } }));
    await page.evaluate(() => globalThis.SGOfficeStandIn.changeContext(JSON.stringify({ check_id: "c_next", draft_digest: null })));
    await page.waitForFunction(() => document.querySelector('[data-testid="sg-dialog"][data-ready="true"]')?.dataset.action === "allow");
    assert.equal(await page.locator('[data-finding-id="recipient.mass_visible"]').count(), 0);
    await closePage(page);
  });
});

// launchevent.js as classic Outlook on Windows runs it: one classic script in a JavaScript-only runtime (no DOM, no modules, no atob or TextEncoder), here a bare node:vm context with only the stand-in for Outlook's Office.js, which cannot run here, fetch and timers, against the real host over HTTPS.

import assert from "node:assert/strict";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import vm from "node:vm";
import { after, before, describe, it } from "node:test";

import * as acorn from "acorn";

import { HostDir, SENDER, STANDIN_PATH, fileAttachment, massRecipients, profile, repoRoot, who } from "./harness.mjs";

const SOURCE_PATH = path.join(repoRoot, "web-ui/outlook/launchevent.js");
const source = fs.readFileSync(SOURCE_PATH, "utf8");

/**
 * A fetch for the vm context over node:https, trusting only `ca`. Like the JavaScript-only
 * runtime's CORS requests, it names the origin the script was loaded from (`scriptOrigin`).
 */
function fetchTrusting(ca, scriptOrigin) {
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const headers = { ...(init.headers ?? {}) };
      if (scriptOrigin && (init.method ?? "GET") !== "GET") headers.Origin = scriptOrigin;
      const req = https.request(
        { hostname: u.hostname, port: u.port, path: u.pathname + u.search, method: init.method ?? "GET", headers, ca },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers: res.headers })));
        },
      );
      req.on("error", (e) => reject(new TypeError(`fetch failed: ${e.message}`)));
      init.signal?.addEventListener?.("abort", () => req.destroy(new Error("aborted")));
      req.end(init.body);
    });
}

/** A bare context: the stand-in, then launchevent.js as the host serves it. Nothing else of a browser. */
function classicRuntime({ script, fetchImpl }) {
  const context = vm.createContext({ fetch: fetchImpl, setTimeout, clearTimeout, console });
  vm.runInContext(fs.readFileSync(STANDIN_PATH, "utf8"), context, { filename: "office-standin.js" });
  vm.runInContext(script, context, { filename: "launchevent.js" });
  return context;
}

function fire(context, state) {
  context.SGOfficeStandIn.load(state);
  return context.SGOfficeStandIn.fire("onMessageSendHandler").then((options) => ({ options: JSON.parse(JSON.stringify(options)) }));
}

describe("launchevent.js is one classic script for the JavaScript-only runtime", () => {
  it("has no import or export and parses as an ES2017 script", () => {
    assert.doesNotThrow(() => new vm.Script(source, { filename: SOURCE_PATH }), "compiles as a classic script");
    const ast = acorn.parse(source, { ecmaVersion: 2017, sourceType: "script" });
    const found = [];
    const walk = (node) => {
      if (!node || typeof node.type !== "string") return;
      if (/^(Import|Export)/.test(node.type)) found.push(node.type);
      for (const value of Object.values(node)) {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === "object") walk(value);
      }
    };
    walk(ast);
    assert.deepEqual(found, [], "no import or export of any kind (dynamic import() included)");
  });

  it("holds exactly one SG_HOST_CONFIG line with the documented defaults", () => {
    const lines = source.split("\n").filter((l) => l.startsWith("const SG_HOST_CONFIG = "));
    assert.equal(lines.length, 1);
    assert.ok(lines[0].endsWith(";"));
    const json = JSON.parse(lines[0].slice("const SG_HOST_CONFIG = ".length, -1));
    assert.deepEqual(json, { origin: "https://localhost:47120", send_mode: "soft-block", fail_mode: "closed", host_timeout_seconds: 20 });
  });

  it("builds the api.md draft from Office.js without a DOM: names, HTML body, files as Base64, mail items as .eml, cloud files by name, inline pictures left out", async () => {
    const context = classicRuntime({ script: source, fetchImpl: () => Promise.reject(new TypeError("offline")) });
    context.SGOfficeStandIn.load({
      displayLanguage: "ja-JP",
      userProfile: SENDER,
      from: SENDER,
      to: [who("sato@client-a.example", "佐藤 花子")],
      cc: [who("kim@例え.jp", "Kim")],
      bcc: [],
      subject: "Re: お見積り",
      composeType: "reply",
      body: { type: "html", text: "佐藤様\n\n承知しました。", html: "<p>佐藤様</p><p>承知しました。</p>" },
      attachments: [
        fileAttachment("a1", "見積書.csv", "a,b\n1,2\n", "text/csv"),
        { id: "a2", name: "前回のご連絡", size: 900, contentType: "message/rfc822", attachmentType: "item", isInline: false, format: "eml", content: "Subject: 前回\r\n\r\n本文✓\r\n" },
        { id: "a3", name: "大きな資料.pptx", size: 5000000, contentType: "", attachmentType: "cloud", isInline: false, format: "url", content: "https://files.example/x" },
        { id: "a4", name: "logo.png", size: 10, contentType: "image/png", attachmentType: "file", isInline: true, format: "base64", content: "iVBORw0K" },
      ],
    });
    const { draft, attachments } = JSON.parse(JSON.stringify(await context.SendGuardOutlook.collectDraft()));
    assert.deepEqual(draft.from, { name: "山田 太郎", address: "yamada@corp.example" });
    assert.deepEqual(draft.to, [{ name: "佐藤 花子", address: "sato@client-a.example" }]);
    assert.deepEqual(draft.cc, [{ name: "Kim", address: "kim@例え.jp" }]);
    assert.equal(draft.subject, "Re: お見積り");
    assert.deepEqual(draft.body, { text: "佐藤様\n\n承知しました。", html: "<p>佐藤様</p><p>承知しました。</p>" });
    assert.equal(draft.compose_type, "reply");
    assert.deepEqual(draft.original_recipients, []);
    assert.equal(draft.locale, "ja-JP");
    assert.deepEqual(draft.client, { name: "outlook", version: "16.0.stand-in", platform: "OfficeOnline" });
    assert.deepEqual(
      draft.attachments.map((a) => [a.name, a.size, a.content_type ?? null]),
      [
        ["見積書.csv", 8, "text/csv"],
        ["前回のご連絡.eml", Buffer.byteLength("Subject: 前回\r\n\r\n本文✓\r\n"), "message/rfc822"],
        ["大きな資料.pptx", 5000000, null],
      ],
    );
    assert.equal(Buffer.from(draft.attachments[0].content_base64, "base64").toString(), "a,b\n1,2\n");
    assert.equal(Buffer.from(draft.attachments[1].content_base64, "base64").toString(), "Subject: 前回\r\n\r\n本文✓\r\n");
    assert.equal(draft.attachments[2].content_base64, undefined);
    assert.deepEqual(attachments.map((a) => a.id), ["a1", "a2", "a3"]);
  });
});

describe("the alert text", () => {
  const context = classicRuntime({ script: source, fetchImpl: () => Promise.reject(new TypeError("offline")) });
  const sg = context.SendGuardOutlook;
  const finding = (id, severity, score, message) => ({ id, severity, score, message });

  it("names the most severe findings first, three at most, and counts the rest", () => {
    const verdict = {
      check_id: "c_1",
      action: "confirm",
      draft_digest: "ab".repeat(32),
      findings: [
        finding("recipient.external", "info", 0, "社外の宛先が 3 件あります"),
        finding("recipient.first_time", "warning", 3, "a_b@client.example には初めて送信します"),
        finding("recipient.lookalike_domain", "danger", 8, "client-a.exampIe は client-a.example に似ています"),
        finding("attachment.unencrypted", "warning", 4, "添付ファイル *見積書*.csv が暗号化されていません"),
        finding("content.keyword", "warning", 1, "「社外秘」が含まれています"),
      ],
    };
    const { plain, markdown } = sg.alertTexts(verdict, "ja");
    assert.equal(
      plain,
      "送信前に確認が必要です\n\n・client-a.exampIe は client-a.example に似ています\n・添付ファイル *見積書*.csv が暗号化されていません\n" +
        "・a_b@client.example には初めて送信します\n・ほか 1 件\n\n「確認する」を押すと SendGuard の確認画面が開き、宛先と添付ファイルを確かめて直し、そのまま送信できます。",
    );
    assert.ok(markdown.startsWith("**送信前に確認が必要です**\n\n- client-a.exampIe は client-a.example に似ています\r- 添付ファイル \\*見積書\\*.csv"), markdown);
    assert.match(markdown, /- a\\_b@client\.example には初めて送信します\r- ほか 1 件\r\n\n/);
  });

  it("keeps both texts within Outlook's 500 characters, dropping findings before cutting", () => {
    const long = "*".repeat(300); // escaped in Markdown: twice as long there
    const verdict = { check_id: "c_2", action: "block", findings: [1, 2, 3, 4].map((i) => finding(`f${i}`, "danger", i, `${i} ${long}`)) };
    const { plain, markdown } = sg.alertTexts(verdict, "en");
    assert.ok(plain.length <= 500 && markdown.length <= 500, `${plain.length} / ${markdown.length}`);
    assert.ok(plain.startsWith("This message cannot be sent\n\n・4 "), plain);
    assert.match(plain, /・and 3 more/);
    assert.match(plain, /…/, "a finding longer than 120 characters is cut");
    assert.ok(markdown.startsWith("**This message cannot be sent**\n\n- 4 \\*\\*"), markdown);
  });
});

describe("the handler in a bare classic runtime against the real host, with a stand-in for Outlook's Office.js, which cannot run here", () => {
  let hostDir;
  let context;

  before(async () => {
    hostDir = new HostDir();
    await hostDir.start(profile());
    const ca = fs.readFileSync(path.join(hostDir.dataDir, "ca.pem"));
    const fetchImpl = fetchTrusting(ca, hostDir.host.origin);
    // The script as Outlook downloads it: from the host, with the host's origin written in.
    const served = await fetchImpl(`${hostDir.host.origin}/addin/outlook/launchevent.js`);
    assert.equal(served.status, 200);
    context = classicRuntime({ script: await served.text(), fetchImpl });
    for (const name of ["window", "document", "localStorage", "atob", "btoa", "TextEncoder", "AbortController", "crypto", "URL"]) {
      assert.equal(vm.runInContext(`typeof ${name}`, context), "undefined", `${name} is not there`);
    }
  });

  after(async () => {
    await hostDir?.remove();
  });

  it("registers onMessageSendHandler through Office.actions.associate", () => {
    assert.deepEqual([...context.SGOfficeStandIn.handlers()], ["onMessageSendHandler"]);
    assert.equal(context.SendGuardOutlook.config.origin, hostDir.host.origin);
  });

  it("allows internal mail", async () => {
    const { options } = await fire(context, { userProfile: SENDER, from: SENDER, to: [who("sato@corp.example", "佐藤")], subject: "メモ", body: { type: "text", text: "社内メモ" } });
    assert.deepEqual(options, { allowEvent: true });
  });

  it("stops a mass mail with the alert", async () => {
    const { options } = await fire(context, { userProfile: SENDER, from: SENDER, to: massRecipients(12), subject: "ご案内", body: { type: "text", text: "各位" } });
    assert.equal(options.allowEvent, false);
    assert.equal(options.commandId, "SendGuardTaskPane");
    assert.match(JSON.parse(options.contextData).check_id, /\S/);
  });

  it("completes the event by the send mode when the host is gone", async () => {
    await hostDir.stop();
    const { options } = await fire(context, { displayLanguage: "en-US", userProfile: SENDER, from: SENDER, to: [who("sato@corp.example")], subject: "x", body: { type: "text", text: "x" } });
    assert.equal(options.allowEvent, false);
    assert.equal(options.sendModeOverride, "promptUser");
    assert.match(options.errorMessage, /cannot be reached/);
    assert.equal(context.SGOfficeStandIn.completions().length, 3, "one completion per Send");
  });
});

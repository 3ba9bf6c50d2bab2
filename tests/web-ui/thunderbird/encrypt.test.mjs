// The encrypt fix end to end in the background (flow.js + encrypt.js), with fakes of Thunderbird and the host:
// inline and chunked archives, failures, and the swap in the compose window only on Send.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";

import { createFlow } from "../../../web-ui/thunderbird/flow.js";
import { ArchiveError, receiveArchive, replaceWithArchive } from "../../../web-ui/thunderbird/encrypt.js";
import { createSettings } from "../../../web-ui/thunderbird/settings.js";
import { fakeBrowser, fakeFile, fakeHost, hostFailure, settle, verdict } from "./fakes.mjs";

const TAB = { id: 7, type: "messageCompose" };
const SENDER = { id: "thunderbird@sendguard.example", url: "moz-extension://sendguard/dialog/dialog.html" };
const PASSWORD = "Kq7-vT2m-Xp9w-Lr4z";
const CHUNK = 512 * 1024;

const ask = (flow, session, type, extra = {}) => flow.onMessage({ type, session, ...extra }, SENDER);
const sha256 = (bytes) => crypto.createHash("sha256").update(bytes).digest("hex");
const b64 = (bytes) => Buffer.from(bytes).toString("base64");

function composeDetails() {
  return {
    type: "new",
    from: "山田 太郎 <yamada@corp.example>",
    to: ["佐藤 花子 <sato@client-a.example>"],
    cc: [],
    bcc: [],
    subject: "お見積りの件",
    isPlainText: true,
    plainTextBody: "見積書を添付いたします。",
    body: "",
  };
}

const PDF = new TextEncoder().encode("%PDF-1.4 見積書\n%%EOF\n");
const NOTES = new TextEncoder().encode("notes");
const PDF2 = new TextEncoder().encode("%PDF-1.4 仕様書\n%%EOF\n");

function composeAttachments() {
  return [
    { id: 1, name: "見積書.pdf", size: PDF.length, file: fakeFile(PDF, "application/pdf") },
    { id: 2, name: "notes.txt", size: NOTES.length, file: fakeFile(NOTES, "text/plain") },
    { id: 3, name: "仕様書.pdf", size: PDF2.length, file: fakeFile(PDF2, "application/pdf") },
  ];
}

const NAMES = ["見積書.pdf", "仕様書.pdf"];

// The first verdict recommends encrypting both PDFs; after the swap the host sees an AES ZIP.
function unencryptedVerdict(checkId) {
  return verdict("confirm", checkId, {
    findings: [
      {
        id: "attachment.unencrypted",
        group: "attachment",
        severity: "warning",
        score: 3,
        message: "暗号化されていない添付ファイルを社外に送ろうとしています",
        targets: NAMES.map((name) => ({ kind: "attachment", name })),
        evidence: {},
        suggestion: { kind: "encrypt_attachments", names: NAMES },
      },
    ],
    attachments: [
      { name: "見積書.pdf", size: PDF.length, encrypted: false, encrypt_recommended: true, findings: ["attachment.unencrypted"] },
      { name: "notes.txt", size: NOTES.length, encrypted: false, encrypt_recommended: false, findings: [] },
      { name: "仕様書.pdf", size: PDF2.length, encrypted: false, encrypt_recommended: true, findings: ["attachment.unencrypted"] },
    ],
  });
}

function encryptedVerdict(checkId, zipSize) {
  return verdict("confirm", checkId, {
    attachments: [
      { name: "見積書.zip", size: zipSize, encrypted: true, encrypt_recommended: false, findings: [] },
      { name: "notes.txt", size: NOTES.length, encrypted: false, encrypt_recommended: false, findings: [] },
    ],
  });
}

/** An `encrypt` answer for `bytes`: inline, or in chunks of 512 KiB. */
function encryptAnswer(bytes, { chunked = false } = {}) {
  const archive = {
    name: "見積書.zip",
    content_type: "application/zip",
    size: bytes.length,
    sha256: sha256(bytes),
    entries: NAMES.map((name) => ({ name, size: 10 })),
  };
  if (chunked) {
    archive.archive_id = "a_test1";
    archive.chunk_count = Math.ceil(bytes.length / CHUNK);
    archive.chunk_bytes = CHUNK;
  } else archive.content_base64 = b64(bytes);
  return { archive, password: PASSWORD, method: "zip-aes256" };
}

function chunkAnswer(bytes, params) {
  if (params.archive_id !== "a_test1") throw hostFailure("not_found", "archive gone");
  const part = bytes.subarray(params.index * CHUNK, (params.index + 1) * CHUNK);
  // The shared contract's answer: {index, count, data_base64} (plus the archive's id).
  return { archive_id: params.archive_id, index: params.index, count: Math.ceil(bytes.length / CHUNK), data_base64: b64(part) };
}

/** A flow over fakes; `dialog(session, flow, windowId)` plays the dialog page. */
function setup({ respond, dialog, browser = {} }) {
  const events = [];
  let flow;
  const api = fakeBrowser({
    attachments: composeAttachments(),
    ...browser,
    onWindow: (options, id) => {
      const url = new URL(options.url);
      if (url.pathname.endsWith("/dialog/dialog.html") && dialog) dialog(url.searchParams.get("session"), flow, id);
    },
  });
  const host = fakeHost(respond);
  let n = 0;
  flow = createFlow({ api, host, settings: createSettings(api.storage), record: (e) => events.push(e), newId: () => `s${++n}` });
  return { flow, api, host, events };
}

const composeNames = (api) => api.compose.attachments.map((a) => a.name);
const fileBytes = async (file) => new Uint8Array(await file.arrayBuffer());

// The host of these tests: the first check recommends encryption, encrypt answers with `bytes`,
// and any later check sees the archive.
function hostFor(bytes, { chunked = false, encrypt } = {}) {
  return (method, params, n) => {
    if (method === "check") return n === 1 ? unencryptedVerdict("c1") : encryptedVerdict(`c${n}`, bytes.length);
    if (method === "encrypt") return encrypt ? encrypt(params) : encryptAnswer(bytes, { chunked });
    if (method === "archive_chunk") return chunkAnswer(bytes, params);
    return { recorded: true };
  };
}

test("encrypt (inline archive): the dialog gets the new verdict, draft and password; Send swaps the attachments", async () => {
  const zip = crypto.randomBytes(20_000);
  let answer;
  let composeDuringDialog;
  const { flow, api, host, events } = setup({
    respond: hostFor(zip),
    dialog: async (session, f) => {
      await ask(f, session, "sg-dialog-ready");
      answer = await ask(f, session, "sg-dialog-fix", { suggestion: { kind: "encrypt_attachments", names: NAMES } });
      composeDuringDialog = composeNames(api);
      await ask(f, session, "sg-dialog-done", { result: { outcome: "send", acknowledged: [] } });
    },
  });
  const result = await flow.beforeSend(TAB, composeDetails());
  assert.deepEqual(result, { cancel: false });

  const [encrypt] = host.of("encrypt");
  assert.deepEqual(encrypt.params, { check_id: "c1", names: NAMES });
  assert.equal(encrypt.timeoutMs, 20_000, "bounded like every host call");
  assert.equal(host.of("archive_chunk").length, 0, "an inline archive needs no chunks");

  // The re-check sees the archive (content included) in the first PDF's place, the second PDF gone.
  const recheck = host.of("check")[1].params;
  assert.deepEqual(recheck.attachments.map((a) => a.name), ["見積書.zip", "notes.txt"]);
  assert.equal(recheck.attachments[0].content_type, "application/zip");
  assert.equal(recheck.attachments[0].size, zip.length);
  assert.equal(recheck.attachments[0].content_base64, b64(zip));
  assert.equal(recheck.attachments[1].content_base64, b64(NOTES));

  assert.equal(answer.verdict.check_id, "c2");
  assert.deepEqual(answer.draft.attachments, [
    { name: "見積書.zip", size: zip.length },
    { name: "notes.txt", size: NOTES.length },
  ]);
  assert.deepEqual(answer.archive, { name: "見積書.zip", size: zip.length, password: PASSWORD });

  // Nothing changed in the compose window while the dialog was open; on Send the swap happened.
  assert.deepEqual(composeDuringDialog, ["見積書.pdf", "notes.txt", "仕様書.pdf"]);
  assert.deepEqual(composeNames(api).sort(), ["notes.txt", "見積書.zip"].sort());
  const added = api.compose.attachments.find((a) => a.name === "見積書.zip");
  assert.equal(added.file.type, "application/zip");
  assert.equal(added.file.name, "見積書.zip");
  assert.deepEqual(Buffer.from(await fileBytes(added.file)), zip);
  assert.deepEqual(
    api.compose.calls.map((c) => [c.method, c.name ?? c.id]),
    [
      ["addAttachment", "見積書.zip"],
      ["removeAttachment", 1],
      ["removeAttachment", 3],
    ],
    "the archive is added before the originals go",
  );
  assert.ok(events.some((e) => e.kind === "encrypted" && e.name === "見積書.zip" && e.size === zip.length));
  assert.ok(events.some((e) => e.kind === "attachments-swapped"));
  assert.doesNotMatch(JSON.stringify(events), new RegExp(PASSWORD), "the password is in no event");

  await flow.afterSend(TAB, { mode: "sendNow", details: { to: ["sato@client-a.example"], cc: [], bcc: [] } });
  assert.equal(host.of("decision")[0].params.check_id, "c2");
  assert.doesNotMatch(JSON.stringify(host.of("decision")), new RegExp(PASSWORD));
});

test("encrypt (chunked archive): three chunks are fetched in order and reassembled byte for byte", async () => {
  const zip = crypto.randomBytes(2 * CHUNK + 12_345);
  let answer;
  const { flow, api, host } = setup({
    respond: hostFor(zip, { chunked: true }),
    dialog: async (session, f) => {
      await ask(f, session, "sg-dialog-ready");
      answer = await ask(f, session, "sg-dialog-fix", { suggestion: { kind: "encrypt_attachments", names: NAMES } });
      await ask(f, session, "sg-dialog-done", { result: { outcome: "send", acknowledged: [] } });
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: false });
  const chunks = host.of("archive_chunk");
  assert.deepEqual(chunks.map((c) => c.params), [0, 1, 2].map((index) => ({ archive_id: "a_test1", index })));
  for (const c of chunks) assert.equal(c.timeoutMs, 20_000);
  assert.deepEqual(answer.archive, { name: "見積書.zip", size: zip.length, password: PASSWORD });
  assert.equal(host.of("check")[1].params.attachments[0].content_base64, b64(zip), "the re-check gets the whole archive");
  const added = api.compose.attachments.find((a) => a.name === "見積書.zip");
  const got = Buffer.from(await fileBytes(added.file));
  assert.equal(got.length, zip.length);
  assert.ok(got.equals(zip), "reassembled byte for byte");
});

test("encrypt fails (not_found): the dialog shows why and the draft stays as it was", async () => {
  let answer;
  const { flow, api, host } = setup({
    respond: hostFor(Buffer.alloc(10), {
      encrypt: () => {
        throw hostFailure("not_found", "check c1 expired");
      },
    }),
    dialog: async (session, f) => {
      await ask(f, session, "sg-dialog-ready");
      answer = await ask(f, session, "sg-dialog-fix", { suggestion: { kind: "encrypt_attachments", names: NAMES } });
      await ask(f, session, "sg-dialog-done", { result: { outcome: "send", acknowledged: [] } });
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: false }, "sent as it was");
  assert.equal(answer.error.code, "not_found");
  assert.match(answer.error.message, /添付ファイルを暗号化できませんでした/);
  assert.match(answer.error.message, /もう一度送信してください/);
  assert.equal(host.of("check").length, 1, "nothing to check again");
  assert.deepEqual(api.compose.calls, [], "the compose window is not touched");
  assert.deepEqual(composeNames(api), ["見積書.pdf", "notes.txt", "仕様書.pdf"]);
});

test("a broken archive (lost chunk, wrong checksum, no password) is never attached", async () => {
  const zip = crypto.randomBytes(CHUNK + 10);
  const cases = [
    ["wrong checksum", () => ({ ...encryptAnswer(zip), archive: { ...encryptAnswer(zip).archive, sha256: "00".repeat(32) } })],
    ["no password", () => ({ ...encryptAnswer(zip), password: "" })],
    ["absurd chunk count", () => ({ ...encryptAnswer(zip, { chunked: true }), archive: { ...encryptAnswer(zip, { chunked: true }).archive, chunk_count: 100_000 } })],
  ];
  for (const [what, encrypt] of cases) {
    let answer;
    const { flow, api } = setup({
      respond: hostFor(zip, { encrypt }),
      dialog: async (session, f) => {
        await ask(f, session, "sg-dialog-ready");
        answer = await ask(f, session, "sg-dialog-fix", { suggestion: { kind: "encrypt_attachments", names: NAMES } });
        await ask(f, session, "sg-dialog-done", { result: { outcome: "cancel", acknowledged: [] } });
      },
    });
    await flow.beforeSend(TAB, composeDetails());
    assert.equal(answer.error?.code, "bad_archive", what);
    assert.match(answer.error.message, /暗号化ファイルが不完全/, what);
    assert.deepEqual(api.compose.calls, [], what);
  }
  // A chunk the host lost on the way: the chunk error is the fix's error.
  let answer;
  const { flow } = setup({
    respond: (method, params, n) => {
      if (method === "archive_chunk" && params.index === 1) throw hostFailure("not_found", "archive gone");
      return hostFor(zip, { chunked: true })(method, params, n);
    },
    dialog: async (session, f) => {
      await ask(f, session, "sg-dialog-ready");
      answer = await ask(f, session, "sg-dialog-fix", { suggestion: { kind: "encrypt_attachments", names: NAMES } });
      await ask(f, session, "sg-dialog-done", { result: { outcome: "cancel", acknowledged: [] } });
    },
  });
  await flow.beforeSend(TAB, composeDetails());
  assert.equal(answer.error.code, "not_found");
});

test("Cancel after an encrypt fix leaves the compose window's attachments alone", async () => {
  const zip = crypto.randomBytes(1000);
  const { flow, api, host } = setup({
    respond: hostFor(zip),
    dialog: async (session, f) => {
      await ask(f, session, "sg-dialog-ready");
      await ask(f, session, "sg-dialog-fix", { suggestion: { kind: "encrypt_attachments", names: NAMES } });
      await ask(f, session, "sg-dialog-done", { result: { outcome: "cancel", acknowledged: [] } });
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: true });
  assert.deepEqual(api.compose.calls, []);
  assert.deepEqual(composeNames(api), ["見積書.pdf", "notes.txt", "仕様書.pdf"]);
  await settle();
  assert.deepEqual(host.of("decision")[0].params, { check_id: "c2", outcome: "cancelled", acknowledged: [] });
});

test("closing the dialog while chunks are fetched stops fetching and swaps nothing", async () => {
  const zip = crypto.randomBytes(3 * CHUNK);
  let flowRef;
  let windowId;
  let session;
  const { flow, api, host } = setup({
    respond: (method, params, n) => {
      // The window goes away while the second chunk is on its way.
      if (method === "archive_chunk" && params.index === 1) flowRef.windowRemoved(windowId);
      return hostFor(zip, { chunked: true })(method, params, n);
    },
    dialog: async (s, f, id) => {
      flowRef = f;
      windowId = id;
      session = s;
      await ask(f, s, "sg-dialog-ready");
      const answer = await ask(f, s, "sg-dialog-fix", { suggestion: { kind: "encrypt_attachments", names: NAMES } });
      assert.equal(answer.error.code, "no_session");
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: true });
  await settle();
  assert.ok(session);
  assert.deepEqual(host.of("archive_chunk").map((c) => c.params.index), [0, 1], "no chunk after the close");
  assert.equal(host.of("check").length, 1);
  assert.deepEqual(api.compose.calls, []);
});

test("a swap the compose window refuses stops the send; the originals stay", async () => {
  const zip = crypto.randomBytes(1000);
  const { flow, api, host, events } = setup({
    browser: { composeFailures: { remove: new Error("Invalid attachment: 1") } },
    respond: hostFor(zip),
    dialog: async (session, f) => {
      await ask(f, session, "sg-dialog-ready");
      await ask(f, session, "sg-dialog-fix", { suggestion: { kind: "encrypt_attachments", names: NAMES } });
      await ask(f, session, "sg-dialog-done", { result: { outcome: "send", acknowledged: [] } });
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: true }, "never sent unencrypted after Encrypt was chosen");
  assert.deepEqual(composeNames(api), ["見積書.pdf", "notes.txt", "仕様書.pdf"], "the archive added is taken out again");
  const notice = api.windows.created.filter((w) => w.url.includes("notice.html")).map((w) => JSON.parse(decodeURIComponent(new URL(w.url).hash.slice(1))));
  assert.equal(notice[0].code, "swap_failed");
  assert.match(notice[0].reason, /置き換えられませんでした/);
  assert.ok(events.some((e) => e.kind === "swap-failed"));
  await settle();
  assert.equal(host.of("decision")[0].params.outcome, "cancelled");
});

test("after a swap and a failed delivery, the retry checks the archive and does not encrypt again", async () => {
  const zip = crypto.randomBytes(1000);
  let round = 0;
  const { flow, api, host } = setup({
    respond: hostFor(zip),
    dialog: async (session, f) => {
      round++;
      await ask(f, session, "sg-dialog-ready");
      if (round === 1) await ask(f, session, "sg-dialog-fix", { suggestion: { kind: "encrypt_attachments", names: NAMES } });
      await ask(f, session, "sg-dialog-done", { result: { outcome: "send", acknowledged: [] } });
    },
  });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: false });
  await flow.afterSend(TAB, { mode: "sendNow", error: "SMTP: connection refused" });
  assert.deepEqual(await flow.beforeSend(TAB, composeDetails()), { cancel: false });
  const retry = host.of("check")[2].params;
  assert.deepEqual(retry.attachments.map((a) => a.name).sort(), ["notes.txt", "見積書.zip"].sort());
  assert.equal(retry.attachments.find((a) => a.name === "見積書.zip").content_base64, b64(zip), "the archive is read back from the compose window");
  assert.equal(host.of("encrypt").length, 1, "encrypted once");
  assert.equal(api.compose.calls.filter((c) => c.method === "addAttachment").length, 1, "swapped once");
});

test("an encrypt fix naming an attachment the draft does not have is refused", async () => {
  let answer;
  const { flow, host } = setup({
    respond: hostFor(Buffer.alloc(1)),
    dialog: async (session, f) => {
      await ask(f, session, "sg-dialog-ready");
      answer = await ask(f, session, "sg-dialog-fix", { suggestion: { kind: "encrypt_attachments", names: ["other.pdf"] } });
      await ask(f, session, "sg-dialog-done", { result: { outcome: "cancel", acknowledged: [] } });
    },
  });
  await flow.beforeSend(TAB, composeDetails());
  assert.equal(answer.error.code, "invalid_fix");
  assert.equal(host.of("encrypt").length, 0);
});

test("receiveArchive and replaceWithArchive on their own", async () => {
  const bytes = crypto.randomBytes(CHUNK * 2);
  // Without count (it is optional to check) the chunks are still taken in order.
  const request = async (method, params) => ({ index: params.index, data_base64: b64(bytes.subarray(params.index * CHUNK, (params.index + 1) * CHUNK)) });
  const got = await receiveArchive(encryptAnswer(bytes, { chunked: true }), request);
  assert.ok(Buffer.from(got.bytes).equals(bytes));
  assert.equal(got.chunks, 2);
  await assert.rejects(
    receiveArchive(encryptAnswer(bytes, { chunked: true }), async (m, p) => ({ index: 1 - p.index, data_base64: "" })),
    (e) => e instanceof ArchiveError && /asked for chunk 0, got 1/.test(e.message),
  );
  const list = [{ name: "a" }, { name: "b" }, { name: "c" }, { name: "a" }];
  assert.deepEqual(replaceWithArchive(list, ["c", "a"], { name: "z.zip" }), [{ name: "z.zip" }, { name: "b" }]);
  assert.throws(() => replaceWithArchive(list, ["x"], { name: "z.zip" }), TypeError);
});

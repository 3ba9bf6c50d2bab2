// draft.js: Thunderbird's compose details, attachments and original message become the api.md draft.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  DraftError,
  MAX_ATTACHMENT_CONTENT_BYTES,
  MAX_TOTAL_CONTENT_BYTES,
  attachmentsToRead,
  buildDraft,
  bytesToBase64,
  composeRecipients,
  composeType,
  dialogDraft,
  originalRecipients,
  recipientList,
  requestLocale,
  splitMailboxes,
} from "../../../web-ui/thunderbird/draft.js";

const CLIENT = { name: "thunderbird", version: "153.7.0" };

function details(extra = {}) {
  return {
    type: "new",
    from: "山田 太郎 <yamada@corp.example>",
    to: [],
    cc: [],
    bcc: [],
    subject: "お見積りの件",
    isPlainText: true,
    plainTextBody: "佐藤様\n\nお世話になっております。",
    body: "<p>佐藤様</p>",
    ...extra,
  };
}

test("display names in Japanese, quoted names with commas and bare addresses become {name, address}", () => {
  assert.deepEqual(
    recipientList([
      "佐藤 花子 <sato@client-a.example>",
      '"Yamada, Taro" <taro@corp.example>',
      "bare@client-b.example",
      '"O\\"Brien, Pat" <pat@client-c.example>',
      "kato@client-d.example (加藤 一郎)",
    ]),
    [
      { name: "佐藤 花子", address: "sato@client-a.example" },
      { name: "Yamada, Taro", address: "taro@corp.example" },
      { name: "", address: "bare@client-b.example" },
      { name: 'O"Brien, Pat', address: "pat@client-c.example" },
      { name: "加藤 一郎", address: "kato@client-d.example" },
    ],
  );
});

test("a list in one string splits on commas outside quotes, angle brackets and comments", () => {
  assert.deepEqual(splitMailboxes('"Yamada, Taro" <t@x.example>, 佐藤 <s@y.example>, a@b.example (Smith, J)'), [
    '"Yamada, Taro" <t@x.example>',
    "佐藤 <s@y.example>",
    "a@b.example (Smith, J)",
  ]);
  assert.deepEqual(splitMailboxes("Team: a@x.example, b@y.example;"), ["a@x.example", "b@y.example"]);
  assert.deepEqual(splitMailboxes("undisclosed-recipients:;"), []);
  assert.deepEqual(recipientList("a@x.example, B <b@y.example>"), [
    { name: "", address: "a@x.example" },
    { name: "B", address: "b@y.example" },
  ]);
});

test("an address-book node that was not resolved is an error naming it, not a lost recipient", () => {
  assert.throws(
    () => recipientList([{ nodeId: "abc-123", type: "contact" }]),
    (e) => e instanceof DraftError && e.code === "unresolved_recipient" && e.detail === "abc-123",
  );
});

test("compose types map to api.md: new, draft, reply, reply_all, forward", () => {
  assert.equal(composeType("new"), "new");
  assert.equal(composeType("draft"), "draft");
  assert.equal(composeType("forward"), "forward");
  assert.equal(composeType("redirect"), "forward");
  assert.equal(composeType("replyAll"), "reply_all");
  assert.equal(composeType("reply"), "reply");
  assert.equal(composeType(undefined), "new");
});

test("a reply that also goes to the original's other recipients is a reply to all", () => {
  const original = {
    author: "佐藤 花子 <sato@client-a.example>",
    recipients: ["山田 太郎 <yamada@corp.example>", "鈴木 <suzuki@client-a.example>"],
    ccList: ["ito@corp.example"],
  };
  const from = { name: "山田 太郎", address: "yamada@corp.example" };
  const sato = { name: "", address: "sato@client-a.example" };
  assert.equal(composeType("reply", { to: [sato], from, original }), "reply");
  assert.equal(
    composeType("reply", { to: [sato], cc: [{ name: "", address: "SUZUKI@client-a.example" }], from, original }),
    "reply_all",
  );
  assert.equal(composeType("reply", { to: [sato], cc: [{ name: "", address: "ito@corp.example" }], from, original }), "reply_all");
});

test("original recipients list the author first, then To, Cc and Bcc, each address once", () => {
  assert.deepEqual(
    originalRecipients({
      author: "佐藤 花子 <sato@client-a.example>",
      recipients: ["山田 太郎 <yamada@corp.example>", "Sato <SATO@client-a.example>"],
      ccList: ['"Ito, K" <ito@corp.example>'],
      bccList: [],
    }),
    [
      { name: "佐藤 花子", address: "sato@client-a.example" },
      { name: "山田 太郎", address: "yamada@corp.example" },
      { name: "Ito, K", address: "ito@corp.example" },
    ],
  );
  assert.deepEqual(originalRecipients(null), []);
});

test("the draft of a reply carries the original's recipients and the api.md fields", () => {
  const original = { author: "佐藤 花子 <sato@client-a.example>", recipients: ["yamada@corp.example"], ccList: [] };
  const draft = buildDraft({
    details: details({ type: "reply", relatedMessageId: 42 }),
    recipients: { to: ["佐藤 花子 <sato@client-a.example>"], cc: [], bcc: [] },
    attachments: [{ name: "見積書.pdf", size: 3, content_type: "application/pdf", content_base64: "YWJj" }],
    original,
    client: CLIENT,
    locale: "ja",
  });
  assert.deepEqual(draft, {
    client: CLIENT,
    locale: "ja",
    from: { name: "山田 太郎", address: "yamada@corp.example" },
    to: [{ name: "佐藤 花子", address: "sato@client-a.example" }],
    cc: [],
    bcc: [],
    subject: "お見積りの件",
    body: { text: "佐藤様\n\nお世話になっております。" },
    attachments: [{ name: "見積書.pdf", size: 3, content_type: "application/pdf", content_base64: "YWJj" }],
    compose_type: "reply",
    original_recipients: [
      { name: "佐藤 花子", address: "sato@client-a.example" },
      { name: "", address: "yamada@corp.example" },
    ],
  });
});

test("an HTML message sends both the HTML and Thunderbird's plain text", () => {
  const draft = buildDraft({
    details: details({ isPlainText: false, body: "<p>本文</p>", plainTextBody: "本文" }),
    recipients: { to: ["a@x.example"] },
    client: CLIENT,
  });
  assert.deepEqual(draft.body, { text: "本文", html: "<p>本文</p>" });
  assert.equal("locale" in draft, false);
});

test("new messages and drafts have no original recipients, whatever relatedMessageId says", () => {
  const original = { author: "x@y.example", recipients: ["z@y.example"] };
  for (const type of ["new", "draft"]) {
    const draft = buildDraft({ details: details({ type, relatedMessageId: 7 }), recipients: { to: [] }, original, client: CLIENT });
    assert.equal(draft.compose_type, type);
    assert.deepEqual(draft.original_recipients, []);
  }
});

test("attachments are base64 in chunks: small sizes and 5 MB+ match Node's encoder", () => {
  for (let n = 0; n <= 10; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);
    assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString("base64"), `length ${n}`);
  }
  const big = new Uint8Array(5 * 1024 * 1024 + 7);
  for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
  // Without toBase64 (Node), the chunked path runs; it must neither throw nor differ.
  assert.equal(typeof big.toBase64, "undefined");
  assert.equal(bytesToBase64(big), Buffer.from(big).toString("base64"));
});

test("attachment content is read within the host's limits; the rest goes by name and size", () => {
  const mb = 1024 * 1024;
  const chosen = attachmentsToRead([
    { id: 1, size: 5 * mb },
    { id: 2, size: MAX_ATTACHMENT_CONTENT_BYTES + 1 },
    { id: 3, size: 30 * mb },
    { id: 4, size: 30 * mb },
    { id: 5, size: 1 },
  ]);
  assert.deepEqual([...chosen], [1, 3, 5]);
  assert.ok(5 * mb + 30 * mb + 1 <= MAX_TOTAL_CONTENT_BYTES);
});

test("the dialog gets addresses as objects and attachments without content", () => {
  const draft = buildDraft({
    details: details(),
    recipients: { to: ["佐藤 花子 <sato@client-a.example>"], bcc: ["b@x.example"] },
    attachments: [{ name: "a.csv", size: 3, content_base64: "YWJj" }],
    client: CLIENT,
  });
  assert.deepEqual(dialogDraft(draft), {
    from: { name: "山田 太郎", address: "yamada@corp.example" },
    to: [{ name: "佐藤 花子", address: "sato@client-a.example" }],
    cc: [],
    bcc: [{ name: "", address: "b@x.example" }],
    subject: "お見積りの件",
    attachments: [{ name: "a.csv", size: 3 }],
  });
});

test("recipients go back to Thunderbird as strings it parses the same way", () => {
  const back = composeRecipients({
    to: [{ name: "Yamada, Taro", address: "taro@corp.example" }, { name: "佐藤 花子", address: "sato@client-a.example" }],
    cc: [],
    bcc: ["x@y.example"],
  });
  assert.deepEqual(back, {
    to: ['"Yamada, Taro" <taro@corp.example>', "佐藤 花子 <sato@client-a.example>"],
    cc: [],
    bcc: ["x@y.example"],
  });
  assert.deepEqual(recipientList(back.to), [
    { name: "Yamada, Taro", address: "taro@corp.example" },
    { name: "佐藤 花子", address: "sato@client-a.example" },
  ]);
});

test("the request locale is the UI language when the host speaks it", () => {
  assert.equal(requestLocale("ja"), "ja");
  assert.equal(requestLocale("en-US"), "en-US");
  assert.equal(requestLocale("de"), undefined);
  assert.equal(requestLocale(undefined), undefined);
});

// collect.js: recipients from address-book nodes and mailing lists, attachment content, the original message.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  collect,
  readAttachments,
  readOriginal,
  resolveRecipients,
  vCardMailbox,
} from "../../../web-ui/thunderbird/collect.js";
import { MAX_ATTACHMENT_CONTENT_BYTES } from "../../../web-ui/thunderbird/draft.js";
import { fakeBrowser, fakeFile } from "./fakes.mjs";

const VCARD = [
  "BEGIN:VCARD",
  "VERSION:4.0",
  "FN:鈴木\\, 一郎",
  "EMAIL;TYPE=work:suzuki-old@client-a.example",
  "EMAIL;PREF=1:suzuki@client-a.ex",
  " ample",
  "END:VCARD",
].join("\r\n");

test("a vCard gives its FN and its preferred e-mail (folded lines, escapes)", () => {
  assert.deepEqual(vCardMailbox(VCARD), { name: "鈴木, 一郎", address: "suzuki@client-a.example" });
  assert.deepEqual(vCardMailbox("BEGIN:VCARD\nFN:A\nitem1.EMAIL:a@x.example\nEND:VCARD"), { name: "A", address: "a@x.example" });
});

test("contact and mailing-list nodes resolve through the address book (MV3 addressBooks API)", async () => {
  const api = {
    addressBooks: {
      contacts: { get: async (id) => ({ id, vCard: VCARD }) },
      mailingLists: {
        listMembers: async () => [
          { vCard: "BEGIN:VCARD\nFN:Kim\nEMAIL:kim@client-b.example\nEND:VCARD" },
          { vCard: "BEGIN:VCARD\nFN:No Mail\nEND:VCARD" },
        ],
      },
    },
  };
  assert.deepEqual(
    await resolveRecipients(api, [
      { nodeId: "c1", type: "contact" },
      { nodeId: "l1", type: "mailingList" },
      "x@y.example",
    ]),
    [
      { name: "鈴木, 一郎", address: "suzuki@client-a.example" },
      { name: "Kim", address: "kim@client-b.example" },
      { name: "", address: "x@y.example" },
    ],
  );
});

test("without the address-book API a node is an error that names it", async () => {
  await assert.rejects(resolveRecipients({}, [{ id: "c9", type: "contact" }]), (e) => e.code === "unresolved_recipient");
});

test("a mailing list shown as 'Name <Name>' is found in the address books when Thunderbird cannot expand it", async () => {
  const api = {
    messengerUtilities: {
      parseMailboxString: async () => {
        throw new Error("Type error for parameter options (Unexpected property \"expandMailingLists\")");
      },
    },
    addressBooks: {
      list: async () => [{ id: "b1", mailingLists: [{ id: "L", name: "営業部" }] }],
      mailingLists: { listMembers: async (id) => (id === "L" ? [{ properties: { DisplayName: "伊藤", PrimaryEmail: "ito@corp.example" } }] : []) },
    },
  };
  assert.deepEqual(await resolveRecipients(api, ["営業部 <営業部>"]), [{ name: "伊藤", address: "ito@corp.example" }]);
  await assert.rejects(resolveRecipients(api, ["不明 <不明>"]), (e) => e.code === "unresolved_recipient" && e.detail === "不明");
});

test("attachments beyond the host's limit go without content; an unreadable one too", async () => {
  const logged = [];
  const api = fakeBrowser({
    attachments: [
      { id: 1, name: "a.txt", size: 3, file: fakeFile("abc", "text/plain") },
      { id: 2, name: "huge.iso", size: MAX_ATTACHMENT_CONTENT_BYTES + 1 },
      { id: 3, name: "gone.pdf", size: 10 },
    ],
  });
  const out = await readAttachments(api, 7, (kind, data) => logged.push([kind, data.name]));
  assert.deepEqual(out, [
    { id: 1, name: "a.txt", size: 3, content_type: "text/plain", content_base64: "YWJj" },
    { id: 2, name: "huge.iso", size: MAX_ATTACHMENT_CONTENT_BYTES + 1 },
    { id: 3, name: "gone.pdf", size: 10 },
  ]);
  assert.deepEqual(logged, [["attachment-unreadable", "gone.pdf"]]);
});

test("an attachment's own getFile() is used where compose.getAttachmentFile is absent", async () => {
  const api = {
    compose: { listAttachments: async () => [{ id: 1, name: "a.txt", size: 3, getFile: async () => fakeFile("abc") }] },
  };
  assert.deepEqual(await readAttachments(api, 1), [{ id: 1, name: "a.txt", size: 3, content_base64: "YWJj" }]);
});

test("the original is read for replies and forwards, not for drafts; a missing one is no error", async () => {
  const header = { author: "a@x.example", recipients: ["b@y.example"] };
  const api = fakeBrowser({ messages: { 5: header } });
  assert.deepEqual(await readOriginal(api, { type: "reply", relatedMessageId: 5 }), header);
  assert.deepEqual(await readOriginal(api, { type: "forward", relatedMessageId: 5 }), header);
  assert.equal(await readOriginal(api, { type: "draft", relatedMessageId: 5 }), null);
  assert.equal(await readOriginal(api, { type: "reply" }), null);
  assert.equal(await readOriginal(api, { type: "reply", relatedMessageId: 99 }), null);
});

test("collect gathers recipients, sender, attachments and original together", async () => {
  const api = fakeBrowser({
    attachments: [{ id: 1, name: "a.txt", size: 3, file: fakeFile("abc") }],
    messages: { 5: { author: "a@x.example", recipients: [] } },
  });
  const got = await collect(api, 7, {
    type: "reply",
    relatedMessageId: 5,
    from: "山田 <yamada@corp.example>",
    to: ["佐藤 <sato@client-a.example>"],
    cc: [],
    bcc: ["b@x.example"],
  });
  assert.deepEqual(got.recipients, {
    to: [{ name: "佐藤", address: "sato@client-a.example" }],
    cc: [],
    bcc: [{ name: "", address: "b@x.example" }],
  });
  assert.deepEqual(got.details.from, { name: "山田", address: "yamada@corp.example" });
  assert.equal(got.attachments[0].content_base64, "YWJj");
  assert.equal(got.original.author, "a@x.example");
});

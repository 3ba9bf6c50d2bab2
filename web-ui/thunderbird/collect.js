// Reads what the draft needs from Thunderbird: recipients resolved to addresses (address-book
// contacts and mailing lists included), attachment content, and the original message of a reply
// or forward. `api` is `browser` in the extension and a fake in tests.
import {
  DraftError,
  attachmentsToRead,
  bytesToBase64,
  isAddress,
  isNodeRecipient,
  parseMailbox,
  splitMailboxes,
} from "./draft.js";

/** The `{name, address}` of a vCard: FN and the preferred (else first) EMAIL. */
export function vCardMailbox(vCard) {
  // Unfold continuation lines (RFC 6350 3.2), then read "GROUP.NAME;PARAMS:VALUE" lines.
  const lines = String(vCard ?? "")
    .replace(/\r?\n[ \t]/g, "")
    .split(/\r?\n/);
  let name = "";
  let email = "";
  let preferred = false;
  const unescape = (v) => v.replace(/\\([,;\\])/g, "$1").replace(/\\n/gi, " ");
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const [head, ...params] = line.slice(0, colon).split(";");
    const prop = head.replace(/^.*\./, "").toUpperCase();
    const value = unescape(line.slice(colon + 1)).trim();
    if (prop === "FN" && !name) name = value;
    if (prop === "EMAIL" && value) {
      const pref = params.some((p) => /^(PREF=1|TYPE=.*\bPREF\b)$/i.test(p));
      if (!email || (pref && !preferred)) {
        email = value;
        preferred = pref;
      }
    }
  }
  return { name, address: email };
}

// A ContactNode of MV3 carries a vCard; MV2's carries properties.
function contactMailbox(node) {
  if (node?.vCard) return vCardMailbox(node.vCard);
  const p = node?.properties ?? {};
  const name = p.DisplayName || [p.FirstName, p.LastName].filter(Boolean).join(" ");
  return { name: name ?? "", address: p.PrimaryEmail ?? "" };
}

function unresolved(label) {
  return new DraftError("unresolved_recipient", `cannot resolve recipient ${label}`, label);
}

async function contactById(api, id) {
  const contacts = api.addressBooks?.contacts ?? api.contacts;
  if (!contacts?.get) throw unresolved(id);
  const mailbox = contactMailbox(await contacts.get(id));
  if (!isAddress(mailbox.address)) throw unresolved(mailbox.name || id);
  return mailbox;
}

async function mailingListMembers(api, id, label) {
  const lists = api.addressBooks?.mailingLists ?? api.mailingLists;
  if (!lists?.listMembers) throw unresolved(label);
  const members = (await lists.listMembers(id)).map(contactMailbox).filter((m) => isAddress(m.address));
  if (members.length === 0) throw unresolved(label);
  return members;
}

// "ListName <ListName>" is how Thunderbird shows a mailing list in a compose field until it
// expands it, which happens only after onBeforeSend: the check must see the members.
async function expandListByName(api, mailbox, name) {
  if (api.messengerUtilities?.parseMailboxString) {
    try {
      const parsed = await api.messengerUtilities.parseMailboxString(mailbox, { expandMailingLists: true });
      const members = parsed.filter((p) => isAddress(p.email)).map((p) => ({ name: p.name ?? "", address: p.email }));
      if (members.length > 0 && members.length === parsed.length) return members;
    } catch {
      // Older Thunderbird without expandMailingLists: look the list up ourselves.
    }
  }
  if (api.addressBooks?.list) {
    const books = await api.addressBooks.list(true);
    for (const book of books ?? []) {
      const list = (book.mailingLists ?? []).find((l) => l.name === name);
      if (list) return mailingListMembers(api, list.id, name);
    }
  }
  throw unresolved(name);
}

/** A compose field → `[{name, address}]`, contacts and mailing lists resolved. */
export async function resolveRecipients(api, field) {
  if (field === undefined || field === null || field === "") return [];
  const out = [];
  for (const entry of Array.isArray(field) ? field : [field]) {
    if (typeof entry === "string") {
      for (const mailbox of splitMailboxes(entry)) {
        const parsed = parseMailbox(mailbox);
        if (isAddress(parsed.address)) out.push(parsed);
        else out.push(...(await expandListByName(api, mailbox, parsed.name || parsed.address)));
      }
    } else if (isNodeRecipient(entry)) {
      const id = entry.nodeId ?? entry.id;
      if (entry.type === "mailingList") out.push(...(await mailingListMembers(api, id, id)));
      else out.push(await contactById(api, id));
    } else if (entry && typeof entry === "object") {
      out.push(parseMailbox(entry));
    }
  }
  return out;
}

/**
 * The attachments of compose tab `tabId` as `[{id, name, size, content_type?, content_base64?}]`
 * (`id` is the compose attachment's, for replacing it later; buildDraft leaves it out).
 * Content is read within the host's limits; an attachment that cannot be read (a cloud link
 * whose file is gone) goes without content rather than failing the check.
 */
export async function readAttachments(api, tabId, log = () => {}) {
  const listed = (await api.compose.listAttachments(tabId)) ?? [];
  const toRead = attachmentsToRead(listed);
  const out = [];
  for (const a of listed) {
    const item = { id: a.id, name: a.name ?? "", size: a.size ?? 0 };
    if (toRead.has(a.id)) {
      try {
        const file = api.compose.getAttachmentFile ? await api.compose.getAttachmentFile(a.id) : await a.getFile();
        const bytes = new Uint8Array(await file.arrayBuffer());
        item.size = bytes.length;
        if (file.type) item.content_type = file.type;
        item.content_base64 = bytesToBase64(bytes);
      } catch (e) {
        log("attachment-unreadable", { name: item.name, error: String(e?.message ?? e) });
      }
    }
    out.push(item);
  }
  return out;
}

/**
 * The message replied to or forwarded (messages.MessageHeader), or null. Thunderbird 128+ names
 * it in `relatedMessageId`; for a draft that id is the draft itself, which is no original.
 */
export async function readOriginal(api, details, log = () => {}) {
  if (details.relatedMessageId === undefined || details.relatedMessageId === null) return null;
  if (!["reply", "forward", "redirect", "replyAll"].includes(details.type)) return null;
  if (!api.messages?.get) return null;
  try {
    return await api.messages.get(details.relatedMessageId);
  } catch (e) {
    log("original-unreadable", { error: String(e?.message ?? e) });
    return null;
  }
}

/**
 * Everything buildDraft needs for compose tab `tabId` whose details Thunderbird passed to
 * onBeforeSend: `{details, recipients: {to, cc, bcc}, attachments, original}`.
 */
export async function collect(api, tabId, details, log = () => {}) {
  const [to, cc, bcc, from] = await Promise.all([
    resolveRecipients(api, details.to),
    resolveRecipients(api, details.cc),
    resolveRecipients(api, details.bcc),
    resolveRecipients(api, details.from),
  ]);
  const [attachments, original] = await Promise.all([
    readAttachments(api, tabId, log),
    readOriginal(api, details, log),
  ]);
  return { details: { ...details, from: from[0] ?? details.from }, recipients: { to, cc, bcc }, attachments, original };
}

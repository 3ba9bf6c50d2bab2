// Pure: turns what Thunderbird reports about a message being composed (compose details, the
// attachments with their content, the original message of a reply or forward) into the draft of
// docs/api.md, and the draft into what the check dialog shows. No browser API is used here.
import { formatAddress, parseAddress } from "../dialog/fixes.js";

// The host's limits (native-host/host_limits.h, docs/api.md "Limits"): content beyond them is
// left out so that name, type and size rules still run instead of the whole check failing.
export const MAX_ATTACHMENT_CONTENT_BYTES = 32 * 1024 * 1024;
export const MAX_TOTAL_CONTENT_BYTES = 64 * 1024 * 1024;

/** A draft that cannot be built; `code` is one of messages.js's failure codes. */
export class DraftError extends Error {
  constructor(code, message, detail = "") {
    super(message);
    this.name = "DraftError";
    this.code = code;
    this.detail = detail;
  }
}

/**
 * Splits an RFC 5322 address list into single mailboxes: commas inside quoted display names,
 * angle brackets or comments do not split (`"Yamada, Taro" <t@x>, b@y` → two entries). Group
 * syntax (`Team: a@x, b@y;`) yields the members.
 */
export function splitMailboxes(text) {
  const out = [];
  let current = "";
  let quoted = false;
  let angle = 0;
  let comment = 0;
  const flush = () => {
    const piece = current.trim();
    if (piece) out.push(piece);
    current = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      current += c;
      if (c === "\\" && i + 1 < text.length) current += text[++i];
      else if (c === '"') quoted = false;
      continue;
    }
    if (comment > 0) {
      current += c;
      if (c === "\\" && i + 1 < text.length) current += text[++i];
      else if (c === "(") comment++;
      else if (c === ")") comment--;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === "(") comment++;
    else if (c === "<") angle++;
    else if (c === ">" && angle > 0) angle--;
    else if (angle === 0 && (c === "," || c === ";")) {
      flush();
      continue;
    } else if (angle === 0 && c === ":") {
      // A group's display name: drop it, keep collecting its members.
      current = "";
      continue;
    }
    current += c;
  }
  flush();
  return out;
}

/**
 * One mailbox string or `{name, address}` → `{name, address}`. Handles the forms Thunderbird
 * hands over (`Name <addr>`, `"Quoted, Name" <addr>`, bare `addr`) and a bare address with a
 * trailing comment naming it (`addr (Name)`).
 */
export function parseMailbox(entry) {
  if (typeof entry === "string") {
    const m = /^\s*([^\s<>()"]+@[^\s<>()"]+)\s*\((.*)\)\s*$/s.exec(entry);
    if (m) return { name: m[2].trim(), address: m[1] };
  }
  return parseAddress(entry);
}

/** True for something that looks like an addr-spec (the host checks it strictly). */
export function isAddress(text) {
  return typeof text === "string" && /^[^\s@<>]+@[^\s@<>]+$/.test(text);
}

/** A recipient Thunderbird gave as an address-book node (`{nodeId|id, type}`), not as text. */
export function isNodeRecipient(entry) {
  return Boolean(entry) && typeof entry === "object" && !("address" in entry) && ("nodeId" in entry || "id" in entry);
}

/**
 * A compose field (`to`, `cc`, …: a string, or an array of strings and `{name, address}`) →
 * `[{name, address}]`. Address-book nodes must have been resolved before (collect.js); one left
 * over is an error that says so rather than a recipient silently lost.
 */
export function recipientList(field) {
  if (field === undefined || field === null || field === "") return [];
  const entries = Array.isArray(field) ? field : [field];
  const out = [];
  for (const entry of entries) {
    if (typeof entry === "string") {
      for (const mailbox of splitMailboxes(entry)) out.push(parseMailbox(mailbox));
    } else if (isNodeRecipient(entry)) {
      throw new DraftError(
        "unresolved_recipient",
        `address-book ${entry.type ?? "entry"} ${entry.nodeId ?? entry.id} was not resolved to addresses`,
        String(entry.nodeId ?? entry.id),
      );
    } else if (entry && typeof entry === "object") {
      out.push(parseMailbox(entry));
    } else {
      throw new DraftError("collect_failed", `unexpected recipient ${JSON.stringify(entry)}`, String(entry));
    }
  }
  return out;
}

function addressOf(entry) {
  return parseMailbox(entry).address.toLowerCase();
}

/**
 * Thunderbird's compose type → api.md's `compose_type`. Thunderbird reports every kind of reply
 * as "reply"; it was a reply to all when the reply goes to someone who received the original
 * other than its author and the sender, which is what Reply All adds.
 */
export function composeType(type, { to = [], cc = [], from = null, original = null } = {}) {
  switch (type) {
    case "draft":
      return "draft";
    case "forward":
    case "redirect":
      return "forward";
    case "replyAll":
    case "reply_all":
      return "reply_all";
    case "reply": {
      if (!original) return "reply";
      const skip = new Set([addressOf(original.author ?? ""), from ? addressOf(from) : ""]);
      const others = new Set(
        [...recipientList(original.recipients), ...recipientList(original.ccList)]
          .map(addressOf)
          .filter((a) => !skip.has(a)),
      );
      return [...to, ...cc].some((r) => others.has(addressOf(r))) ? "reply_all" : "reply";
    }
    default:
      return "new";
  }
}

/**
 * The recipients of the message replied to or forwarded, its author first (docs/api.md:
 * `original_recipients` includes the author). Each address once.
 */
export function originalRecipients(original) {
  if (!original) return [];
  const all = [
    ...recipientList(original.author),
    ...recipientList(original.recipients),
    ...recipientList(original.ccList),
    ...recipientList(original.bccList),
  ];
  const seen = new Set();
  return all.filter((r) => {
    const key = r.address.toLowerCase();
    if (!r.address || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Which attachments to read: each within the per-attachment limit while the total stays within
 * the host's; the others go without content. `attachments` are `{id, size}`; returns a Set of ids.
 */
export function attachmentsToRead(attachments) {
  const chosen = new Set();
  let total = 0;
  for (const a of attachments) {
    const size = Number(a.size) || 0;
    if (size > MAX_ATTACHMENT_CONTENT_BYTES || total + size > MAX_TOTAL_CONTENT_BYTES) continue;
    total += size;
    chosen.add(a.id);
  }
  return chosen;
}

/**
 * Bytes → base64, in chunks: a 5 MB file spread into one String.fromCharCode call would exceed
 * the engine's argument limit. The chunk is a multiple of 3 so the pieces join without padding.
 */
export function bytesToBase64(bytes) {
  if (typeof bytes.toBase64 === "function") return bytes.toBase64();
  const CHUNK = 3 * 8192;
  const parts = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(btoa(String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK))));
  }
  return parts.join("");
}

/** Base64 → bytes; the engine's own decoder where there is one (a loop per character is slow there). */
export function base64ToBytes(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The request locale: the UI language when the host speaks it, else none (the profile decides). */
export function requestLocale(uiLanguage) {
  return typeof uiLanguage === "string" && /^(ja|en)(\b|[-_])/i.test(uiLanguage) ? uiLanguage : undefined;
}

/**
 * The draft of docs/api.md.
 *
 * - `details`: compose.ComposeDetails (from, subject, body, plainTextBody, isPlainText, type).
 * - `recipients`: `{to, cc, bcc}` to check (the working copy: resolved, possibly fixed).
 * - `attachments`: `[{name, size, content_type?, content_base64?}]`.
 * - `original`: messages.MessageHeader of the message replied to or forwarded, or null.
 * - `client`: `{name, version}`; `locale`: a language tag or undefined.
 */
export function buildDraft({ details, recipients, attachments = [], original = null, client, locale }) {
  const from = details.from ? recipientList(details.from)[0] ?? null : null;
  const to = recipientList(recipients.to);
  const cc = recipientList(recipients.cc);
  const bcc = recipientList(recipients.bcc);
  const body = {};
  if (typeof details.plainTextBody === "string") body.text = details.plainTextBody;
  if (!details.isPlainText && typeof details.body === "string") body.html = details.body;
  // A draft has no original in the api.md sense: relatedMessageId is then the draft itself.
  const type = details.type === "draft" ? "draft" : composeType(details.type, { to, cc, from, original });
  const draft = {
    client,
    from,
    to,
    cc,
    bcc,
    subject: details.subject ?? "",
    body,
    attachments: attachments.map((a) => {
      const out = { name: a.name ?? "", size: a.size ?? 0 };
      if (a.content_type) out.content_type = a.content_type;
      if (typeof a.content_base64 === "string") out.content_base64 = a.content_base64;
      return out;
    }),
    compose_type: type,
    original_recipients: type === "draft" || type === "new" ? [] : originalRecipients(original),
  };
  if (locale) draft.locale = locale;
  if (!from) delete draft.from;
  return draft;
}

/** What the check dialog shows (web-ui/README.md): addresses as `{name, address}`, attachments without content. */
export function dialogDraft(draft) {
  return {
    from: draft.from ?? null,
    to: draft.to,
    cc: draft.cc,
    bcc: draft.bcc,
    subject: draft.subject,
    attachments: draft.attachments.map(({ name, size }) => ({ name, size })),
  };
}

/** Recipients as compose.setComposeDetails takes them: `Name <addr>` strings, quoted where needed. */
export function composeRecipients({ to, cc, bcc }) {
  const strings = (list) => recipientList(list).map(formatAddress);
  return { to: strings(to), cc: strings(cc), bcc: strings(bcc) };
}

// One-click fixes: the recipient ones (move_to_bcc, replace_recipient, remove_recipient) as pure functions, shared by the dialog and the Thunderbird background, and the test for encrypt_attachments (which the background carries out with the host).

/** Suggestion kinds that change the recipients and can therefore be applied with one click. */
export const RECIPIENT_FIX_KINDS = Object.freeze(["move_to_bcc", "replace_recipient", "remove_recipient"]);

/** The suggestion kind that replaces attachments with a password-protected archive (the host makes it). */
export const ENCRYPT_FIX_KIND = "encrypt_attachments";

const FIELDS = ["to", "cc", "bcc"];

/** True when `suggestion` is one the dialog offers as a button (and `applySuggestion` accepts). */
export function isRecipientFix(suggestion) {
  return Boolean(suggestion) && typeof suggestion === "object" && RECIPIENT_FIX_KINDS.includes(suggestion.kind);
}

/** True for an `encrypt_attachments` suggestion that names at least one attachment. */
export function isEncryptFix(suggestion) {
  return (
    Boolean(suggestion) &&
    typeof suggestion === "object" &&
    suggestion.kind === ENCRYPT_FIX_KIND &&
    Array.isArray(suggestion.names) &&
    suggestion.names.length > 0 &&
    suggestion.names.every((n) => typeof n === "string" && n !== "")
  );
}

/** True for every suggestion the dialog offers as a one-click button. */
export function isOneClickFix(suggestion) {
  return isRecipientFix(suggestion) || isEncryptFix(suggestion);
}

/**
 * Splits an address entry as the add-ins hold it — `{name, address}` or an RFC 5322 string
 * (`"佐藤 花子 <sato@client-a.example>"`, `"sato@client-a.example"`) — into `{name, address}`.
 */
export function parseAddress(entry) {
  if (entry && typeof entry === "object") {
    return { name: typeof entry.name === "string" ? entry.name : "", address: String(entry.address ?? "").trim() };
  }
  const text = String(entry ?? "").trim();
  // The address is the last <...> at the end; the display name is whatever precedes it.
  const m = /^(.*?)\s*<([^<>]*)>\s*$/s.exec(text);
  if (!m) return { name: "", address: text };
  let name = m[1].trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) {
    name = name.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return { name, address: m[2].trim() };
}

// RFC 5322 specials force a quoted display name; Japanese names pass as they are (RFC 6532).
const NEEDS_QUOTES = /[()<>[\]:;@\\,."]/;

/** The string form Thunderbird uses: `Name <addr>`, or the bare address without a name. */
export function formatAddress({ name, address }) {
  if (!name) return address;
  const shown = NEEDS_QUOTES.test(name) ? `"${name.replace(/["\\]/g, "\\$&")}"` : name;
  return `${shown} <${address}>`;
}

function domainToAscii(domain) {
  // Only non-ASCII domains need IDNA; URL would also rewrite numeric hosts ("123" → 0.0.0.123).
  if (/^[\x00-\x7f]*$/.test(domain)) return domain.toLowerCase();
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return domain.toLowerCase();
  }
}

/**
 * The identity the host matches recipients by (docs/rules.md): local part lower-cased, domain as
 * a lower-case IDNA A-label. Accepts a bare address, `Name <addr>` or `{name, address}`.
 */
export function addressKey(entry) {
  const { address } = parseAddress(entry);
  const at = address.lastIndexOf("@");
  if (at < 0) return address.toLowerCase();
  return `${address.slice(0, at).toLowerCase()}@${domainToAscii(address.slice(at + 1))}`;
}

function fieldsOf(recipients) {
  if (!recipients || typeof recipients !== "object") {
    throw new TypeError("applySuggestion: recipients must be an object {to, cc, bcc}");
  }
  const out = {};
  for (const f of FIELDS) {
    const list = recipients[f] ?? [];
    if (!Array.isArray(list)) throw new TypeError(`applySuggestion: recipients.${f} must be an array`);
    out[f] = list;
  }
  return out;
}

function requireAddress(value, what) {
  if (typeof value !== "string" || !value.trim()) {
    throw new TypeError(`applySuggestion: ${what} must be a non-empty address string`);
  }
  return value;
}

// A replacement keeps the form of the entry it replaces (string or object) and, unless the
// suggestion names someone, its display name: a typo in the domain does not change the person.
function replacementFor(entry, withAddress) {
  const target = parseAddress(withAddress);
  if (entry && typeof entry === "object") {
    return { ...entry, name: target.name || entry.name || "", address: target.address };
  }
  return formatAddress({ name: target.name || parseAddress(entry).name, address: target.address });
}

/**
 * Applies a recipient suggestion and returns new `{to, cc, bcc}` (other keys of `recipients`
 * are copied; the input is not modified). Entries keep their form (string or `{name, address}`).
 *
 * - `move_to_bcc` `{addresses}`: each named To/Cc entry moves to the end of Bcc, once, even when
 *   it was in both To and Cc or already in Bcc.
 * - `remove_recipient` `{address}`: every occurrence leaves To, Cc and Bcc.
 * - `replace_recipient` `{address, with}`: every occurrence is replaced in place; when `with` is
 *   already a recipient, the wrong address is removed instead, so nobody is listed twice.
 *
 * Throws TypeError for other kinds (encrypt_attachments, attach_file are not recipient changes)
 * and for malformed suggestions, so a caller never re-checks a draft it did not change.
 */
export function applySuggestion(recipients, suggestion) {
  const lists = fieldsOf(recipients);
  if (!isRecipientFix(suggestion)) {
    const kind = suggestion && typeof suggestion === "object" ? suggestion.kind : suggestion;
    throw new TypeError(`applySuggestion: not a recipient fix: ${JSON.stringify(kind)}`);
  }
  const result = { ...recipients, to: [...lists.to], cc: [...lists.cc], bcc: [...lists.bcc] };

  if (suggestion.kind === "move_to_bcc") {
    if (!Array.isArray(suggestion.addresses)) {
      throw new TypeError("applySuggestion: move_to_bcc needs addresses");
    }
    const moving = new Set(suggestion.addresses.map((a) => addressKey(requireAddress(a, "move_to_bcc address"))));
    const inBcc = new Set(lists.bcc.map(addressKey));
    const moved = [];
    for (const f of ["to", "cc"]) {
      result[f] = lists[f].filter((entry) => {
        const key = addressKey(entry);
        if (!moving.has(key)) return true;
        if (!inBcc.has(key)) {
          inBcc.add(key);
          moved.push(entry);
        }
        return false;
      });
    }
    result.bcc = [...lists.bcc, ...moved];
    return result;
  }

  if (suggestion.kind === "remove_recipient") {
    const key = addressKey(requireAddress(suggestion.address, "remove_recipient address"));
    for (const f of FIELDS) result[f] = lists[f].filter((entry) => addressKey(entry) !== key);
    return result;
  }

  // replace_recipient
  const key = addressKey(requireAddress(suggestion.address, "replace_recipient address"));
  const withKey = addressKey(requireAddress(suggestion.with, "replace_recipient with"));
  if (key === withKey) return result;
  const alreadyThere = FIELDS.some((f) => lists[f].some((entry) => addressKey(entry) === withKey));
  for (const f of FIELDS) {
    result[f] = alreadyThere
      ? lists[f].filter((entry) => addressKey(entry) !== key)
      : lists[f].map((entry) => (addressKey(entry) === key ? replacementFor(entry, suggestion.with) : entry));
  }
  return result;
}

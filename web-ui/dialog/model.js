// The check dialog's view model as pure functions (no DOM): verdict + draft in; groups, badges, required items and the Send rule out.

import { addressKey, isOneClickFix, parseAddress } from "./fixes.js";
import { pickLocale } from "./i18n.js";

/** A justification must have at least this many characters (code points) after trimming (web-ui/README.md). */
export const MIN_REASON_LENGTH = 4;
/**
 * Longest justification, in UTF-16 units as <textarea maxlength> counts: 1,000 units are at most
 * 3,000 bytes of UTF-8, inside the host's 4,000-byte limit on a decision's justification.
 */
export const MAX_REASON_LENGTH = 1000;
/** Domain groups with more members than this start collapsed, so a mass mail stays one screen of domains. */
export const COLLAPSE_GROUP_OVER = 10;
/** From this many external recipients the dialog offers "tick all external": 4,500 single clicks help nobody. */
export const MASS_TICK_FROM = 50;
/** A finding that names more recipients than this is explained once in the findings list, not on every row. */
export const SHARED_REASON_OVER = 3;
/** Evidence lists (addresses, names, quotes) show this many entries and "and N more". */
export const EVIDENCE_LIST_MAX = 5;
/** The longest countdown honoured, whatever a profile says: a stuck popup is worse than no countdown. */
export const MAX_COUNTDOWN_SECONDS = 600;

const SEVERITY_RANK = { info: 0, warning: 1, danger: 2 };
const SENDABLE = new Set(["allow", "confirm", "justify"]);
const KNOWN_ACTIONS = new Set(["allow", "confirm", "justify", "block"]);
const FIELD_ORDER = ["to", "cc", "bcc"];

// Finding id → the badge a recipient row shows for it (recipient.external is the "external" badge).
const RECIPIENT_BADGES = {
  "recipient.first_time": "first_time",
  "recipient.first_time_domain": "first_time_domain",
  "recipient.lookalike_domain": "lookalike",
  "recipient.same_name": "same_name",
  "recipient.outlier": "outlier",
  "recipient.watch": "watch",
  "recipient.blocked": "blocked",
  "recipient.freemail": "freemail",
  "recipient.reply_drift": "reply_drift",
  "recipient.mass_visible": "mass_visible",
};
const ATTACHMENT_BADGES = {
  "attachment.risky_type": "risky_type",
  "attachment.mismatch": "mismatch",
  "attachment.unencrypted": "encrypt_recommended",
};
// Evidence keys that may name the address or domain the sender probably meant (look-alike, same
// name). The dialog prefers a replace_recipient suggestion's `with`; these cover a finding without one.
const MEANT_KEYS = ["with", "suggested", "intended", "meant", "known", "known_address", "known_domain", "similar_to", "resembles", "closest"];

const isObject = (x) => Boolean(x) && typeof x === "object" && !Array.isArray(x);
const asArray = (x) => (Array.isArray(x) ? x : []);
const rank = (severity) => SEVERITY_RANK[severity] ?? 0;
const maxSeverity = (list) => list.reduce((best, s) => (s && rank(s) > rank(best ?? "info") ? s : best), null);

function normSeverity(s) {
  return s === "danger" || s === "warning" ? s : "info";
}

function domainOf(address) {
  const at = address.lastIndexOf("@");
  return at < 0 ? "" : address.slice(at + 1);
}

function domainKeyOf(domain) {
  return addressKey(`x@${domain}`).slice(2);
}

function countdownFrom(options, verdict) {
  for (const v of [options?.countdown_seconds, verdict?.client?.countdown_seconds]) {
    const n = Number(v);
    if (v !== undefined && v !== null && Number.isFinite(n)) {
      return Math.min(MAX_COUNTDOWN_SECONDS, Math.max(0, Math.floor(n)));
    }
  }
  return 0;
}

// The last entries of a list that are shown, and how many are left out.
function capped(list) {
  return { items: list.slice(0, EVIDENCE_LIST_MAX), more: Math.max(0, list.length - EVIDENCE_LIST_MAX) };
}

// Language-neutral evidence lines; the view turns each into text with i18n.js.
function evidenceDetails(f) {
  const details = [];
  const ev = f.evidence;
  const spans = f.targets.filter((t) => t.kind === "subject" || t.kind === "body");
  for (const t of spans.slice(0, EVIDENCE_LIST_MAX)) {
    const quote = typeof t.quote === "string" ? t.quote : "";
    if (t.kind === "subject") details.push({ type: "subject", quote });
    else details.push({ type: "body", pos: (Number(t.start) || 0) + 1, quote });
  }
  if (spans.length > EVIDENCE_LIST_MAX) details.push({ type: "more", n: spans.length - EVIDENCE_LIST_MAX });
  // What was found inside an attachment, and where (a sheet, a page, an archive entry); personal
  // data arrives masked from the host.
  const inside = f.targets.filter((t) => t.kind === "attachment" && typeof t.name === "string" && (typeof t.quote === "string" || typeof t.location === "string"));
  for (const t of inside.slice(0, EVIDENCE_LIST_MAX)) {
    details.push({ type: "inside", name: t.name, location: typeof t.location === "string" ? t.location : "", quote: typeof t.quote === "string" ? t.quote : "" });
  }
  if (inside.length > EVIDENCE_LIST_MAX) details.push({ type: "more", n: inside.length - EVIDENCE_LIST_MAX });

  const matches = asArray(ev.matches).filter((m) => isObject(m) && m.address && m.entry);
  if ((f.id === "recipient.blocked" || f.id === "recipient.watch") && matches.length) {
    const { items, more } = capped(matches);
    for (const m of items) details.push({ type: "listEntry", address: String(m.address), entry: String(m.entry) });
    if (more) details.push({ type: "more", n: more });
  } else if (f.recipientAddresses.length) {
    details.push({ type: "recipients", ...capped(f.recipientAddresses) });
  }

  if (f.id === "recipient.mass_visible" && Number.isFinite(ev.visible_external)) {
    details.push({ type: "massVisible", n: ev.visible_external, o: Number(ev.organizations) || 0 });
  }
  if (f.id === "recipient.reply_drift") {
    if (asArray(ev.thread_domains).length) details.push({ type: "thread", ...capped(ev.thread_domains.map(String)) });
    if (asArray(ev.new_organizations).length) details.push({ type: "newOrgs", ...capped(ev.new_organizations.map(String)) });
  }
  if (f.id === "content.keyword") {
    // Counts say more than the quotes only when a keyword occurs more often than it is quoted.
    for (const k of asArray(ev.keywords).filter(isObject).slice(0, EVIDENCE_LIST_MAX)) {
      const count = Number(k.count) || 0;
      const quoted = spans.filter((t) => t.quote && t.quote.normalize("NFKC").toLowerCase() === String(k.keyword).normalize("NFKC").toLowerCase()).length;
      if (count > quoted) details.push({ type: "keyword", keyword: String(k.keyword ?? ""), count });
    }
  }
  const risky = f.id === "attachment.risky_type" ? asArray(ev.attachments).filter(isObject) : [];
  if (risky.length) {
    for (const a of risky.slice(0, EVIDENCE_LIST_MAX)) {
      details.push({ type: "risky", name: String(a.name ?? ""), reason: String(a.reason ?? ""), detail: String(a.detail ?? "") });
    }
  } else if (f.attachmentNames.length && !inside.length) {
    details.push({ type: "attachments", ...capped(f.attachmentNames) });
  }
  return details;
}

function normFindings(verdict, needsTicks) {
  const seen = new Map();
  return asArray(verdict.findings)
    .filter(isObject)
    .map((raw, index) => {
      const id = String(raw.id ?? "");
      const occurrence = seen.get(id) ?? 0;
      seen.set(id, occurrence + 1);
      const targets = asArray(raw.targets).filter(isObject);
      const recipientTargets = targets.filter((t) => t.kind === "recipient" && typeof t.address === "string");
      const suggestion = isObject(raw.suggestion) ? raw.suggestion : null;
      const severity = normSeverity(raw.severity);
      const f = {
        kind: "finding",
        index,
        id,
        severity,
        message: String(raw.message ?? ""),
        targets,
        evidence: isObject(raw.evidence) ? raw.evidence : {},
        suggestion,
        fix: isOneClickFix(suggestion) ? suggestion : null,
        hint: suggestion && !isOneClickFix(suggestion) && typeof suggestion.kind === "string" ? suggestion.kind : null,
        recipientKeys: new Set(recipientTargets.map((t) => addressKey(t.address))),
        recipientAddresses: recipientTargets.map((t) => t.address),
        attachmentNames: targets.filter((t) => t.kind === "attachment" && typeof t.name === "string").map((t) => t.name),
        required: needsTicks && severity !== "info",
      };
      f.details = evidenceDetails(f);
      // What the user confirms: the finding as shown. A changed message or target list after a
      // fix is a new thing to confirm.
      f.tickKey = JSON.stringify(["f", id, occurrence, severity, f.message, [...f.recipientKeys].sort(), f.attachmentNames]);
      return f;
    });
}

function meantFor(key, findings) {
  for (const f of findings) {
    if (f.fix?.kind === "replace_recipient" && addressKey(String(f.fix.address ?? "")) === key && f.fix.with) {
      return String(f.fix.with);
    }
  }
  for (const f of findings) {
    if (f.id !== "recipient.lookalike_domain" && f.id !== "recipient.same_name") continue;
    const candidates = asArray(f.evidence.matches).concat(asArray(f.evidence.recipients));
    for (const c of candidates) {
      if (!isObject(c) || addressKey(String(c.address ?? "")) !== key) continue;
      const hit = MEANT_KEYS.find((k) => typeof c[k] === "string" && c[k]);
      if (hit) return c[hit];
    }
    if (f.recipientKeys.size === 1) {
      const hit = MEANT_KEYS.find((k) => typeof f.evidence[k] === "string" && f.evidence[k]);
      if (hit) return f.evidence[hit];
    }
  }
  return null;
}

// One row per person: the host lists an address once per field (To and Cc), and only the first
// occurrence carries its findings, so rows are merged by identity and findings joined from targets.
function normRecipients(verdict, draft, findings, needsTicks) {
  const fromVerdict = Array.isArray(verdict.recipients);
  const raw = fromVerdict
    ? verdict.recipients.filter(isObject)
    : FIELD_ORDER.flatMap((field) => asArray(draft?.[field]).map((e) => ({ ...parseAddress(e), field })));
  const byKey = new Map();
  for (const r of raw) {
    const { name, address } = parseAddress(r);
    if (!address) continue;
    const key = addressKey(address);
    let item = byKey.get(key);
    if (!item) {
      const domain = typeof r.domain === "string" && r.domain ? r.domain : domainOf(address);
      item = {
        kind: "recipient",
        key,
        address,
        name: "",
        domain,
        domainKey: typeof r.domain_ascii === "string" && r.domain_ascii ? r.domain_ascii.toLowerCase() : domainKeyOf(domain),
        // Without the host's word, a recipient counts as external: the safe side.
        internal: r.internal === true,
        fields: [],
        firstTime: undefined,
        findingIds: new Set(),
      };
      byKey.set(key, item);
    }
    if (!item.name && name) item.name = name;
    if (r.internal !== true) item.internal = false;
    if (FIELD_ORDER.includes(r.field) && !item.fields.includes(r.field)) item.fields.push(r.field);
    if (r.first_time === true) item.firstTime = true;
    else if (r.first_time === false && item.firstTime === undefined) item.firstTime = false;
    for (const id of asArray(r.findings)) item.findingIds.add(String(id));
  }

  const items = [...byKey.values()];
  for (const item of items) {
    item.fields.sort((a, b) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b));
    const concerning = findings.filter((f) => f.recipientKeys.has(item.key) || item.findingIds.has(f.id));
    concerning.sort((a, b) => rank(b.severity) - rank(a.severity) || a.index - b.index);
    item.findings = concerning.map((f) => ({
      id: f.id,
      severity: f.severity,
      message: f.message,
      // How many recipients the finding names: above SHARED_REASON_OVER its message is a summary.
      shared: f.recipientKeys.size,
    }));
    const flagged = concerning.filter((f) => f.severity !== "info");
    item.severity = maxSeverity(flagged.map((f) => f.severity));
    item.hasOwnFlag = flagged.some((f) => f.recipientKeys.size <= SHARED_REASON_OVER);
    item.didYouMean = meantFor(item.key, concerning);

    const badges = [];
    const add = (kind, severity, findingId) => {
      if (!badges.some((b) => b.kind === kind)) badges.push({ kind, severity, findingId });
    };
    if (!item.internal) add("external", "external", "recipient.external");
    if (item.firstTime === true) add("first_time", "warning", "recipient.first_time");
    for (const f of concerning) {
      if (f.id === "recipient.external") continue;
      add(RECIPIENT_BADGES[f.id] ?? "other", f.severity, f.id);
    }
    item.badges = badges;
    item.required = needsTicks && !item.internal;
    item.tickKey = JSON.stringify(["r", item.key, item.fields, [...concerning.map((f) => f.id)].sort(), item.internal]);
    delete item.findingIds;
  }
  return items;
}

function normAttachments(verdict, draft, findings, needsTicks) {
  const raw = Array.isArray(verdict.attachments) ? verdict.attachments : asArray(draft?.attachments);
  const seen = new Map();
  return raw.filter(isObject).map((a, index) => {
    const name = String(a.name ?? "");
    const occurrence = seen.get(name) ?? 0;
    seen.set(name, occurrence + 1);
    const ids = new Set(asArray(a.findings).map(String));
    const concerning = findings.filter((f) => ids.has(f.id) || f.attachmentNames.includes(name));
    concerning.sort((x, y) => rank(y.severity) - rank(x.severity) || x.index - y.index);
    const encrypted = a.encrypted === true;
    const badges = [];
    const add = (kind, severity) => {
      if (!badges.some((b) => b.kind === kind)) badges.push({ kind, severity });
    };
    if (encrypted) add("encrypted", "ok");
    if (!encrypted && a.encrypt_recommended === true) add("encrypt_recommended", "warning");
    for (const f of concerning) add(ATTACHMENT_BADGES[f.id] ?? "other", f.severity);
    const size = Number(a.size);
    const item = {
      kind: "attachment",
      index,
      name,
      size: Number.isFinite(size) && size >= 0 ? size : null,
      contentType: typeof a.content_type === "string" ? a.content_type : "",
      encrypted,
      encryptRecommended: a.encrypt_recommended === true,
      findings: concerning.map((f) => ({ id: f.id, severity: f.severity, message: f.message, shared: f.attachmentNames.length })),
      badges,
      severity: maxSeverity(concerning.filter((f) => f.severity !== "info").map((f) => f.severity)),
      required: needsTicks,
    };
    item.tickKey = JSON.stringify(["a", name, occurrence, item.size, encrypted, concerning.map((f) => f.id).sort()]);
    return item;
  });
}

function groupsOf(items, internal) {
  const byDomain = new Map();
  for (const item of items) {
    let g = byDomain.get(item.domainKey);
    if (!g) {
      g = { key: JSON.stringify(["g", internal, item.domainKey]), domain: item.domain, domainKey: item.domainKey, internal, members: [] };
      byDomain.set(item.domainKey, g);
    }
    g.members.push(item);
  }
  const groups = [...byDomain.values()];
  for (const g of groups) {
    g.severity = maxSeverity(g.members.map((m) => m.severity));
    g.flagged = g.members.filter((m) => m.severity).length;
    // A large group folds away only when nothing in it is flagged for itself alone.
    g.collapsed = g.members.length > COLLAPSE_GROUP_OVER && !g.members.some((m) => m.hasOwnFlag);
    g.requiredKeys = g.members.filter((m) => m.required).map((m) => m.tickKey);
  }
  // Riskier domains first so a look-alike is not buried; otherwise alphabetical, which people can scan.
  groups.sort((a, b) => rank(b.severity) - rank(a.severity) || a.domainKey.localeCompare(b.domainKey));
  return groups;
}

// Archives made in this dialog (the answers of encrypt fixes): the password is shown until the
// dialog closes and nowhere else, so on a sendable verdict the user ticks that it was noted.
function normArchives(archives, sendable) {
  return asArray(archives)
    .filter((a) => isObject(a) && typeof a.password === "string" && a.password !== "")
    .map((a, index) => {
      const size = Number(a.size);
      const item = {
        kind: "archive",
        index,
        name: String(a.name ?? ""),
        size: Number.isFinite(size) && size >= 0 ? size : null,
        password: a.password,
        required: sendable,
      };
      // The password stays out of the key: keys end up in data-tick-key attributes.
      item.tickKey = JSON.stringify(["p", index, item.name, item.size]);
      return item;
    });
}

/**
 * The view model of a verdict: everything the dialog shows and everything the Send rule needs.
 * `draft` is `{from, to, cc, bcc, subject, attachments}` (used for the header, and for recipients
 * and attachments only when the verdict lacks them); `options` is `{countdown_seconds}`;
 * `archives` are the `{name, size, password}` of the encrypt fixes made in this dialog.
 */
export function buildModel(verdict, draft = {}, options = {}, archives = []) {
  const v = isObject(verdict) ? verdict : {};
  const d = isObject(draft) ? draft : {};
  const rawAction = typeof v.action === "string" ? v.action : "";
  const action = KNOWN_ACTIONS.has(rawAction) ? rawAction : "unknown";
  const needsTicks = action === "confirm" || action === "justify";

  const findings = normFindings(v, needsTicks);
  findings.sort((a, b) => rank(b.severity) - rank(a.severity) || a.index - b.index);
  const recipients = normRecipients(v, d, findings, needsTicks);
  const attachments = normAttachments(v, d, findings, needsTicks);
  const external = recipients.filter((r) => !r.internal);
  const internal = recipients.filter((r) => r.internal);
  const externalGroups = groupsOf(external, false);
  const archiveItems = normArchives(archives, SENDABLE.has(action));

  const required = [
    ...archiveItems.filter((a) => a.required).map((a) => a.tickKey),
    ...findings.filter((f) => f.required).map((f) => f.tickKey),
    ...attachments.filter((a) => a.required).map((a) => a.tickKey),
    ...recipients.filter((r) => r.required).map((r) => r.tickKey),
  ];

  return {
    action,
    rawAction,
    sendable: SENDABLE.has(action),
    needsTicks,
    needsReason: action === "justify",
    locale: pickLocale(v.locale),
    checkId: typeof v.check_id === "string" ? v.check_id : "",
    score: Number.isFinite(Number(v.score)) ? Number(v.score) : null,
    from: d.from ? parseAddress(d.from) : null,
    subject: typeof d.subject === "string" ? d.subject : "",
    countdownSeconds: countdownFrom(options, v),
    findings,
    recipients,
    attachments,
    archives: archiveItems,
    external: {
      count: external.length,
      domainCount: externalGroups.length,
      groups: externalGroups,
      offerTickAll: needsTicks && external.length >= MASS_TICK_FROM,
      requiredKeys: external.filter((r) => r.required).map((r) => r.tickKey),
    },
    internal: { count: internal.length, groups: groupsOf(internal, true) },
    required,
  };
}

/** True when `reason` is long enough for a justify verdict. */
export function reasonOk(reason) {
  return [...String(reason ?? "").trim()].length >= MIN_REASON_LENGTH;
}

/** How many more characters the reason needs (0 when it is long enough). */
export function reasonMissing(reason) {
  return Math.max(0, MIN_REASON_LENGTH - [...String(reason ?? "").trim()].length);
}

/** Required items not ticked yet. `state` is `{model, ticked: Set<tickKey>, reason}`. */
export function remainingCount(state) {
  const ticked = state?.ticked instanceof Set ? state.ticked : new Set();
  return (state?.model?.required ?? []).filter((k) => !ticked.has(k)).length;
}

/**
 * The Send rule (web-ui/README.md "Dialog rules"), the only place it lives: allow → yes (once
 * the password of an archive made here is ticked as noted); confirm → every required item
 * ticked; justify → the same plus a reason; block or anything else → never. `state` is
 * `{model, ticked: Set<tickKey>, reason}`.
 */
export function canSend(state) {
  const model = state?.model;
  if (!model || !(state.ticked instanceof Set)) return false;
  switch (model.action) {
    case "allow":
    case "confirm":
      return remainingCount(state) === 0;
    case "justify":
      return remainingCount(state) === 0 && reasonOk(state.reason);
    default:
      return false;
  }
}

/** A fresh state for a model; ticks of items that still exist unchanged are kept from `previous`. */
export function initialState(model, previous = null) {
  return { model, ticked: carryTicks(previous?.ticked, model), reason: previous?.reason ?? "" };
}

/** The ticks that survive a re-check: only items whose tick key (identity and content) is unchanged. */
export function carryTicks(oldTicked, model) {
  if (!(oldTicked instanceof Set)) return new Set();
  return new Set(model.required.filter((k) => oldTicked.has(k)));
}

/** A new state with `keys` ticked (`on`) or unticked; keys that are not required are ignored. */
export function withTicks(state, keys, on) {
  const allowed = new Set(state.model.required);
  const ticked = new Set(state.ticked);
  for (const k of keys) {
    if (!allowed.has(k)) continue;
    if (on) ticked.add(k);
    else ticked.delete(k);
  }
  return { ...state, ticked };
}

// Cut at MAX_REASON_LENGTH without splitting a surrogate pair (text set by script skips maxlength).
function clampReason(text) {
  if (text.length <= MAX_REASON_LENGTH) return text;
  const cut = text.slice(0, MAX_REASON_LENGTH);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * What the dialog hands to `adapter.done`: `{outcome, acknowledged, justification}`. Acknowledged
 * are the findings the user ticked, and on send also the info findings, which were shown but have
 * no box. The justification is sent only for a justify verdict.
 */
export function resultFor(state, outcome) {
  const ticked = state?.ticked instanceof Set ? state.ticked : new Set();
  const acknowledged = [];
  for (const f of state?.model?.findings ?? []) {
    const ok = f.required ? ticked.has(f.tickKey) : outcome === "send";
    if (ok && !acknowledged.includes(f.id)) acknowledged.push(f.id);
  }
  const justification = state?.model?.action === "justify" ? clampReason(String(state.reason ?? "").trim()) : "";
  return { outcome, acknowledged, justification };
}

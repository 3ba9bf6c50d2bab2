// The send flow behind compose.onBeforeSend: read the draft, ask the host, then send (allow), ask
// the user in the check dialog (confirm, justify, block) or apply the fail mode when the check
// cannot be made. Fixes from the dialog change a working copy of the recipients and attachments
// (encrypt: the host's archive instead of the originals), are checked again, and become what
// Thunderbird sends: the recipients through onBeforeSend's answer, the attachments swapped in the
// compose window when the user presses Send. After the send, `decision` reports it.
import { applySuggestion, isEncryptFix } from "../dialog/fixes.js";
import { collect } from "./collect.js";
import { buildDraft, composeRecipients, dialogDraft, isAddress, recipientList, requestLocale } from "./draft.js";
import { describeFailure, localeOf, t } from "./messages.js";
import { DEFAULT_CLIENT } from "./settings.js";
import { archiveAttachment, encryptParams, receiveArchive, replaceWithArchive, swapAttachments } from "./encrypt.js";
import { deferred, withTimeout } from "./timing.js";

// Reading recipients, attachments and the original message; 5 MB+ attachments take well under a second.
export const COLLECT_TIMEOUT_MS = 30 * 1000;
// From opening the dialog window until its page says it is ready.
export const DIALOG_READY_TIMEOUT_MS = 20 * 1000;
// Putting the archive in place of the originals in the compose window (a few local file copies).
export const SWAP_TIMEOUT_MS = 30 * 1000;
// web-ui/README.md "Dialog rules": a justification has at least 4 characters after trimming.
export const MIN_JUSTIFICATION_LENGTH = 4;
// Decisions the host could not take are kept (storage.local) and sent after the next check.
export const DECISION_QUEUE_KEY = "sendguard.decisionQueue";
export const MAX_QUEUED_DECISIONS = 100;
// An approved send waits for onAfterSend here (storage.session survives a suspended event page).
export const PENDING_KEY_PREFIX = "sendguard.pending.";

const ACTIONS = ["allow", "confirm", "justify", "block"];
const DIALOG_WINDOW = { type: "popup", width: 760, height: 720 };
const NOTICE_WINDOW = { type: "popup", width: 560, height: 420 };
// Failures of the extension's own steps after a verdict exists: fail-open never sends past them.
const ALWAYS_CLOSED = ["dialog_failed", "not_allowed", "busy", "swap_failed"];
// Transport failures worth retrying a decision for; any other error would fail again.
const RETRYABLE = ["host_missing", "host_timeout", "host_disconnected"];
// Host error codes shown with their own advice; the rest are "host_error" with the host's message.
const OWN_CODES = ["host_missing", "host_timeout", "host_disconnected", "too_large", "unresolved_recipient"];

/** A step of the flow that failed; `code` is one of messages.js's failure codes. */
export class FlowError extends Error {
  constructor(code, message, detail = "") {
    super(message);
    this.name = "FlowError";
    this.code = code;
    this.detail = detail;
  }
}

function failureCode(error) {
  const code = error?.code;
  if (OWN_CODES.includes(code) || error instanceof FlowError) return code;
  if (error?.name === "DraftError") return code ?? "collect_failed";
  if (error?.name === "HostError") return "host_error";
  return "internal";
}

function errorText(error) {
  return String(error?.detail || error?.message || error || "");
}

function validVerdict(v) {
  return Boolean(v) && typeof v === "object" && typeof v.check_id === "string" && ACTIONS.includes(v.action);
}

function normalizeResult(result) {
  const r = result && typeof result === "object" ? result : {};
  return {
    outcome: r.outcome === "send" ? "send" : "cancel",
    acknowledged: Array.isArray(r.acknowledged) ? r.acknowledged.filter((x) => typeof x === "string") : [],
    justification: typeof r.justification === "string" ? r.justification : "",
  };
}

/**
 * The flow, given its dependencies:
 * - `api`: `browser` (compose, messages, windows, runtime, storage, i18n, addressBooks, …) or a fake;
 * - `host`: a HostClient; `settings`: from settings.js;
 * - `record(event)`: receives every step as `{kind, tabId, …}` (tests and the test hook read them);
 * - `timers`, `newId`, `collectTimeoutMs`, `dialogReadyTimeoutMs`: for tests.
 * Returns the four handlers background.js registers.
 */
export function createFlow({
  api,
  host,
  settings,
  record = () => {},
  timers = globalThis,
  newId = () => crypto.randomUUID(),
  collectTimeoutMs = COLLECT_TIMEOUT_MS,
  dialogReadyTimeoutMs = DIALOG_READY_TIMEOUT_MS,
  swapTimeoutMs = SWAP_TIMEOUT_MS,
}) {
  const active = new Map(); // tabId -> session being checked
  const sessions = new Map(); // session id -> session with an open dialog
  const decided = new Set(); // check ids already reported: a decision is sent once
  const pendingMemory = new Map();
  const removedWindows = new Set(); // recently closed window ids
  let noticeWindowId = null;
  let clientInfo = null;
  let flushing = false;

  const emit = (event) => {
    try {
      record(event);
    } catch {
      // A broken observer must not break a send.
    }
  };
  const log = (kind, data) => emit({ kind, ...data });

  function uiLanguage() {
    try {
      return api.i18n?.getUILanguage?.() ?? "en";
    } catch {
      return "en";
    }
  }

  async function client() {
    if (!clientInfo) {
      let version = "unknown";
      try {
        version = (await api.runtime.getBrowserInfo()).version ?? version;
      } catch {
        // The version is informative only.
      }
      clientInfo = { name: "thunderbird", version };
    }
    return clientInfo;
  }

  async function currentSettings() {
    try {
      return await settings.current();
    } catch {
      return { ...DEFAULT_CLIENT };
    }
  }

  // --- approved sends waiting for onAfterSend -------------------------------------------------

  const pending = {
    async put(tabId, entry) {
      pendingMemory.set(tabId, entry);
      try {
        await api.storage?.session?.set({ [PENDING_KEY_PREFIX + tabId]: entry });
      } catch {
        // Memory alone still works while the event page stays up.
      }
    },
    async take(tabId) {
      let entry = pendingMemory.get(tabId) ?? null;
      pendingMemory.delete(tabId);
      const key = PENDING_KEY_PREFIX + tabId;
      try {
        if (!entry) entry = (await api.storage?.session?.get(key))?.[key] ?? null;
        await api.storage?.session?.remove(key);
      } catch {
        // Nothing more to find.
      }
      return entry;
    },
  };

  // --- decisions ------------------------------------------------------------------------------

  async function queueDecision(params) {
    try {
      const got = await api.storage.local.get(DECISION_QUEUE_KEY);
      const queue = Array.isArray(got?.[DECISION_QUEUE_KEY]) ? got[DECISION_QUEUE_KEY] : [];
      queue.push(params);
      await api.storage.local.set({ [DECISION_QUEUE_KEY]: queue.slice(-MAX_QUEUED_DECISIONS) });
      emit({ kind: "decision-queued", check_id: params.check_id, outcome: params.outcome });
    } catch {
      emit({ kind: "decision-lost", check_id: params.check_id });
    }
  }

  async function sendDecision(params) {
    const { host_timeout_seconds: seconds } = await currentSettings();
    await host.request("decision", params, seconds * 1000);
    emit({ kind: "decision", check_id: params.check_id, outcome: params.outcome });
  }

  /** Reports a decision once per check id; a host that cannot be reached gets it later. */
  async function report(params) {
    if (decided.has(params.check_id)) return;
    decided.add(params.check_id);
    if (decided.size > 1000) decided.delete(decided.values().next().value);
    try {
      await sendDecision(params);
    } catch (e) {
      if (RETRYABLE.includes(e?.code)) await queueDecision(params);
      else emit({ kind: "decision-failed", check_id: params.check_id, code: e?.code ?? "internal" });
    }
  }

  async function flushDecisions() {
    if (flushing) return;
    flushing = true;
    try {
      const got = await api.storage.local.get(DECISION_QUEUE_KEY);
      const queue = Array.isArray(got?.[DECISION_QUEUE_KEY]) ? got[DECISION_QUEUE_KEY] : [];
      if (queue.length === 0) return;
      await api.storage.local.set({ [DECISION_QUEUE_KEY]: [] });
      for (let i = 0; i < queue.length; i++) {
        try {
          await sendDecision(queue[i]);
        } catch (e) {
          if (RETRYABLE.includes(e?.code)) {
            const rest = queue.slice(i);
            const again = await api.storage.local.get(DECISION_QUEUE_KEY);
            const added = Array.isArray(again?.[DECISION_QUEUE_KEY]) ? again[DECISION_QUEUE_KEY] : [];
            await api.storage.local.set({ [DECISION_QUEUE_KEY]: [...rest, ...added].slice(-MAX_QUEUED_DECISIONS) });
            return;
          }
          emit({ kind: "decision-failed", check_id: queue[i].check_id, code: e?.code ?? "internal" });
        }
      }
    } catch {
      // The queue stays for the next check.
    } finally {
      flushing = false;
    }
  }

  function decisionParams(s, outcome, result, final) {
    const params = { check_id: s.verdict.check_id, outcome, acknowledged: result?.acknowledged ?? [] };
    if (result?.justification) params.justification = result.justification;
    if (final) params.final = final;
    return params;
  }

  // --- notices --------------------------------------------------------------------------------

  function notify(s, kind, code, vars) {
    const locale = s.locale;
    const { reason, fix } = describeFailure(locale, code, vars);
    const info = {
      locale,
      kind,
      code,
      title: t(locale, kind === "unchecked" ? "notice.title.unchecked" : "notice.title.stopped"),
      reason,
      fix,
      note: t(locale, kind === "unchecked" ? "notice.unchecked_why" : "notice.kept"),
      what_to_do: t(locale, "notice.what_to_do"),
      close: t(locale, "notice.close"),
    };
    emit({ kind: "notified", tabId: s.tabId, notice: kind, code, reason });
    showNotice(info, s.tabId);
  }

  // The notice window stays until closed, one at a time (a new notice replaces the last); the
  // system notification is a hint that may not show (headless, or notifications turned off).
  // Neither is awaited: the send's answer must not wait for a window.
  function showNotice(info, tabId) {
    Promise.resolve()
      .then(() =>
        api.windows.create({
          ...NOTICE_WINDOW,
          url: `${api.runtime.getURL("background/notice.html")}#${encodeURIComponent(JSON.stringify(info))}`,
        }),
      )
      .then((win) => {
        const previous = noticeWindowId;
        noticeWindowId = win?.id ?? null;
        if (previous !== null && previous !== noticeWindowId) return api.windows.remove(previous).catch(() => {});
        return undefined;
      })
      .catch((e) => emit({ kind: "notice-failed", tabId, error: errorText(e) }));
    Promise.resolve()
      .then(() => api.notifications?.create(`sendguard-${newId()}`, {
        type: "basic",
        title: `SendGuard: ${info.title}`,
        message: `${info.reason} ${info.note} ${info.what_to_do}: ${info.fix}`,
      }))
      .catch(() => {});
  }

  // --- checking -------------------------------------------------------------------------------

  // Checks the draft with `recipients` and `attachments` and returns {verdict, draft}; the
  // session is not changed.
  async function checkWith(s, recipients, attachments = s.attachments) {
    const draft = buildDraft({
      details: s.base.details,
      recipients,
      attachments,
      original: s.base.original,
      client: await client(),
      locale: requestLocale(uiLanguage()),
    });
    emit({ kind: "check", tabId: s.tabId, to: draft.to, cc: draft.cc, bcc: draft.bcc });
    const verdict = await host.request("check", draft, s.client.host_timeout_seconds * 1000);
    if (!validVerdict(verdict)) throw new FlowError("bad_verdict", "the verdict has no check_id or action");
    if (verdict.client) {
      await settings.remember(verdict.client);
      s.client = await currentSettings();
    }
    flushDecisions();
    return { verdict, draft };
  }

  function adopt(s, { verdict, draft }) {
    s.verdict = verdict;
    s.draft = draft;
    if (typeof verdict.locale === "string") s.locale = localeOf(verdict.locale);
    emit({ kind: "verdict", tabId: s.tabId, action: verdict.action, check_id: verdict.check_id });
  }

  // --- the dialog -----------------------------------------------------------------------------

  function finish(s, result) {
    const d = s.dialog;
    if (!d || d.settled) return;
    d.settled = true;
    d.result.resolve(result);
  }

  async function showDialog(s) {
    const d = { result: deferred(), windowId: null, ready: false, settled: false, closed: false, busy: false };
    s.dialog = d;
    sessions.set(s.id, s);
    let win;
    try {
      win = await withTimeout(
        api.windows.create({
          ...DIALOG_WINDOW,
          url: api.runtime.getURL(`dialog/dialog.html?session=${encodeURIComponent(s.id)}`),
        }),
        dialogReadyTimeoutMs,
        () => new FlowError("dialog_failed", "the dialog window did not open"),
        timers,
      );
    } catch (e) {
      throw new FlowError("dialog_failed", errorText(e));
    }
    d.windowId = win?.id ?? null;
    // The window may be closed before windows.create has even answered.
    if (removedWindows.has(d.windowId)) {
      d.closed = true;
      finish(s, { outcome: "cancel", acknowledged: [], justification: "" });
    }
    emit({ kind: "dialog-shown", tabId: s.tabId, action: s.verdict.action, check_id: s.verdict.check_id, session: s.id });
    const readyTimer = timers.setTimeout(() => {
      if (!d.ready) finish(s, { failure: "dialog_failed" });
    }, dialogReadyTimeoutMs);
    const result = await d.result.promise;
    timers.clearTimeout(readyTimer);
    if (!d.closed && d.windowId !== null) {
      Promise.resolve()
        .then(() => api.windows.remove(d.windowId))
        .catch(() => {});
    }
    emit({ kind: "dialog-closed", tabId: s.tabId, outcome: result.outcome ?? "cancel" });
    if (result.failure) throw new FlowError(result.failure, "the check dialog did not start");
    return result;
  }

  async function applyFix(s, suggestion) {
    const d = s.dialog;
    if (d.busy) return { error: { code: "busy", message: t(s.locale, "reason.busy") } };
    if (isEncryptFix(suggestion)) return encryptAttachments(s, suggestion);
    let next;
    try {
      next = applySuggestion(s.recipients, suggestion);
    } catch (e) {
      return { error: { code: "invalid_fix", message: t(s.locale, "dialog.bad_fix", { detail: errorText(e) }) } };
    }
    d.busy = true;
    try {
      const checked = await checkWith(s, next);
      if (d.settled) return { error: { code: "no_session", message: t(s.locale, "dialog.no_session") } };
      s.recipients = next;
      s.changed = true;
      adopt(s, checked);
      emit({ kind: "fix-applied", tabId: s.tabId, fix: suggestion.kind, action: checked.verdict.action });
      return { verdict: checked.verdict, draft: dialogDraft(checked.draft) };
    } catch (e) {
      const code = failureCode(e);
      const { reason } = describeFailure(s.locale, code, {
        seconds: s.client.host_timeout_seconds,
        detail: errorText(e),
      });
      emit({ kind: "fix-failed", tabId: s.tabId, code });
      return { error: { code, message: t(s.locale, "dialog.recheck_failed", { detail: reason }) } };
    } finally {
      d.busy = false;
    }
  }

  function encryptError(s, error) {
    const code = error?.code ?? "internal";
    let detail;
    if (code === "not_found") detail = t(s.locale, "dialog.encrypt_not_found");
    else if (code === "bad_archive") detail = `${t(s.locale, "dialog.encrypt_bad_archive")} (${errorText(error)})`;
    else if (OWN_CODES.includes(code)) {
      // The host missing, slow or gone: the same words as for a check.
      detail = describeFailure(s.locale, code, { seconds: s.client.host_timeout_seconds, detail: errorText(error) }).reason;
    } else detail = errorText(error) || code; // the host's own message (invalid_request, internal, …)
    emit({ kind: "fix-failed", tabId: s.tabId, fix: "encrypt_attachments", stage: "encrypt", code });
    return { error: { code, message: t(s.locale, "dialog.encrypt_failed", { detail }) } };
  }

  // encrypt_attachments: the host makes the archive from the attachments it kept from the check
  // the dialog shows; it replaces them in the working copy, which is checked again. The answer
  // carries the password for the dialog to show; nothing else here keeps it.
  async function encryptAttachments(s, suggestion) {
    const d = s.dialog;
    const names = [...new Set(suggestion.names)];
    const missing = names.filter((n) => !s.attachments.some((a) => a.name === n));
    if (missing.length) {
      const detail = `no attachment ${missing.map((n) => JSON.stringify(n)).join(", ")}`;
      return { error: { code: "invalid_fix", message: t(s.locale, "dialog.bad_fix", { detail }) } };
    }
    d.busy = true;
    try {
      const timeoutMs = s.client.host_timeout_seconds * 1000;
      const request = (method, params) => host.request(method, params, timeoutMs);
      let archive;
      try {
        const result = await request("encrypt", encryptParams(s.verdict.check_id, names));
        archive = await receiveArchive(result, request, () => d.settled);
      } catch (e) {
        if (d.settled) return { error: { code: "no_session", message: t(s.locale, "dialog.no_session") } };
        return encryptError(s, e);
      }
      emit({ kind: "encrypted", tabId: s.tabId, name: archive.name, size: archive.size, chunks: archive.chunks, replaced: names.length });
      try {
        const next = replaceWithArchive(s.attachments, names, archiveAttachment(archive));
        const checked = await checkWith(s, s.recipients, next);
        if (d.settled) return { error: { code: "no_session", message: t(s.locale, "dialog.no_session") } };
        s.attachments = next;
        s.attachmentsChanged = true;
        adopt(s, checked);
        emit({ kind: "fix-applied", tabId: s.tabId, fix: suggestion.kind, action: checked.verdict.action });
        return {
          verdict: checked.verdict,
          draft: dialogDraft(checked.draft),
          archive: { name: archive.name, size: archive.size, password: archive.password },
        };
      } catch (e) {
        const code = failureCode(e);
        const { reason } = describeFailure(s.locale, code, { seconds: s.client.host_timeout_seconds, detail: errorText(e) });
        emit({ kind: "fix-failed", tabId: s.tabId, fix: suggestion.kind, stage: "check", code });
        return { error: { code, message: t(s.locale, "dialog.recheck_failed", { detail: reason }) } };
      }
    } finally {
      d.busy = false;
    }
  }

  // --- outcomes -------------------------------------------------------------------------------

  // The encrypt fix reaches the compose window only now, when the user has pressed Send: a
  // cancelled dialog leaves the originals where they were.
  async function swapInComposeWindow(s) {
    const swapped = await withTimeout(
      swapAttachments(api, s.tabId, s.base.attachments, s.attachments),
      swapTimeoutMs,
      () => new FlowError("swap_failed", `the compose window did not take the new attachments within ${swapTimeoutMs} ms`),
      timers,
    );
    emit({ kind: "attachments-swapped", tabId: s.tabId, added: swapped.added, removed: swapped.removed });
  }

  async function approve(s, result) {
    if (s.attachmentsChanged) {
      try {
        await swapInComposeWindow(s);
      } catch (e) {
        emit({ kind: "swap-failed", tabId: s.tabId, error: errorText(e) });
        notify(s, "stopped", "swap_failed", { detail: errorText(e) });
        return cancel(s, result);
      }
    }
    await pending.put(s.tabId, {
      check_id: s.verdict.check_id,
      acknowledged: result.acknowledged,
      justification: result.justification,
    });
    emit({ kind: "approved", tabId: s.tabId, check_id: s.verdict.check_id, changed: s.changed });
    if (!s.changed) return { cancel: false };
    return { cancel: false, details: composeRecipients(s.recipients) };
  }

  function cancel(s, result) {
    if (s.verdict) report(decisionParams(s, "cancelled", result));
    emit({ kind: "cancelled", tabId: s.tabId });
    return { cancel: true };
  }

  async function failed(s, error) {
    const code = failureCode(error);
    const settingsNow = s.client ?? (await currentSettings());
    const vars = { seconds: settingsNow.host_timeout_seconds, detail: errorText(error) };
    // Fail-open covers a check that could not be made, never a verdict the user has not answered.
    const open = settingsNow.fail_mode === "open" && !s.verdict && !ALWAYS_CLOSED.includes(code);
    if (open) {
      notify(s, "unchecked", code, vars);
      emit({ kind: "fail-open", tabId: s.tabId, code, error: vars.detail });
      return { cancel: false };
    }
    notify(s, "stopped", code, vars);
    emit({ kind: "fail-closed", tabId: s.tabId, code, error: vars.detail });
    return cancel(s);
  }

  async function run(s) {
    s.client = await currentSettings();
    const collected = await withTimeout(
      collect(api, s.tabId, s.details, log),
      collectTimeoutMs,
      () => new FlowError("collect_failed", "reading the message timed out"),
      timers,
    );
    s.base = collected;
    s.recipients = collected.recipients;
    s.attachments = collected.attachments;
    adopt(s, await checkWith(s, s.recipients));
    if (s.verdict.action === "allow") return approve(s, { acknowledged: [], justification: "" });

    const result = normalizeResult(await showDialog(s));
    if (result.outcome !== "send") return cancel(s, result);
    // The dialog enables Send only when the rules allow; checked here again, in case it did not.
    const { action } = s.verdict;
    const tooShort = action === "justify" && result.justification.trim().length < MIN_JUSTIFICATION_LENGTH;
    if (action === "block" || tooShort) {
      notify(s, "stopped", "not_allowed", {});
      return cancel(s, result);
    }
    return approve(s, result);
  }

  // --- the handlers ---------------------------------------------------------------------------

  /** compose.onBeforeSend: always resolves to `{cancel: true}` or `{cancel: false, details?}`. */
  async function beforeSend(tab, details) {
    const tabId = tab?.id;
    const s = {
      id: newId(),
      tabId,
      details: details ?? {},
      client: null,
      verdict: null,
      recipients: null,
      attachments: null,
      changed: false,
      attachmentsChanged: false,
      dialog: null,
      locale: localeOf(uiLanguage()),
    };
    if (active.has(tabId)) {
      // Thunderbird locks the compose window while a send is checked; a second one is refused.
      notify(s, "stopped", "busy", {});
      return { cancel: true };
    }
    active.set(tabId, s);
    const release = host.retain();
    try {
      // An approved send that never reported back (onAfterSend lost) is closed as cancelled.
      const stale = await pending.take(tabId);
      if (stale) report({ check_id: stale.check_id, outcome: "cancelled", acknowledged: stale.acknowledged ?? [] });
      emit({ kind: "send-started", tabId, session: s.id });
      return await run(s);
    } catch (error) {
      return failed(s, error);
    } finally {
      release();
      active.delete(tabId);
      sessions.delete(s.id);
    }
  }

  /** compose.onAfterSend: reports the outcome of a send this flow approved. */
  async function afterSend(tab, sendInfo) {
    const entry = await pending.take(tab?.id);
    if (!entry) return;
    const base = {
      check_id: entry.check_id,
      acknowledged: entry.acknowledged ?? [],
      ...(entry.justification ? { justification: entry.justification } : {}),
    };
    if (sendInfo?.error) {
      emit({ kind: "send-failed", tabId: tab?.id, check_id: entry.check_id, error: String(sendInfo.error) });
      await report({ ...base, outcome: "cancelled" });
      return;
    }
    const final = {};
    for (const field of ["to", "cc", "bcc"]) {
      try {
        final[field] = recipientList(sendInfo?.details?.[field]).filter((r) => isAddress(r.address));
      } catch {
        final[field] = [];
      }
    }
    emit({ kind: "sent", tabId: tab?.id, check_id: entry.check_id, final });
    await report({ ...base, outcome: "sent", final });
  }

  /**
   * runtime.onMessage for the dialog's messages (web-ui/README.md "Background ⇄ dialog page").
   * Resolves to the answer; messages of other kinds are not this function's (background.js).
   */
  async function onMessage(message, sender) {
    if (api.runtime?.id && sender?.id && sender.id !== api.runtime.id) {
      return { error: { code: "forbidden", message: "not from this extension" } };
    }
    const s = sessions.get(message?.session);
    const locale = s?.locale ?? localeOf(uiLanguage());
    if (!s || !s.dialog || s.dialog.settled) {
      return { error: { code: "no_session", message: t(locale, "dialog.no_session") } };
    }
    switch (message.type) {
      case "sg-dialog-ready":
        s.dialog.ready = true;
        return {
          verdict: s.verdict,
          draft: dialogDraft(s.draft),
          options: { countdown_seconds: s.client.countdown_seconds },
        };
      case "sg-dialog-fix":
        return applyFix(s, message.suggestion);
      case "sg-dialog-done":
        finish(s, normalizeResult(message.result));
        return { ok: true };
      default:
        return { error: { code: "invalid_request", message: `unknown message ${message.type}` } };
    }
  }

  /** windows.onRemoved: closing the dialog window counts as cancel. */
  function windowRemoved(windowId) {
    removedWindows.add(windowId);
    if (windowId === noticeWindowId) noticeWindowId = null;
    if (removedWindows.size > 100) removedWindows.delete(removedWindows.values().next().value);
    for (const s of sessions.values()) {
      if (s.dialog && s.dialog.windowId === windowId) {
        s.dialog.closed = true;
        finish(s, { outcome: "cancel", acknowledged: [], justification: "" });
      }
    }
  }

  return { beforeSend, afterSend, onMessage, windowRemoved };
}

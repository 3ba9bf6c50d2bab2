// The check dialog's adapter {ready, fix, done} for the Outlook task pane (web-ui/README.md): reads and changes the real mail item through Office.js, asks the host through launchevent.js's shared functions, and marks an approved draft so the next Send passes.

import { applySuggestion, isEncryptFix } from "../dialog/fixes.js";

const FIELDS_IN_WRITE_ORDER = ["bcc", "cc", "to"]; // Bcc first: a move never loses anyone half-way

function paneError(sg, locale, code, key, vars) {
  return { error: { code, message: sg.t(locale, key, vars) } };
}

function detailOf(e) {
  return String(e?.detail || e?.message || e || "");
}

// The words the handler uses for a host that is missing, slow or refusing, reused here.
function hostReason(sg, locale, e) {
  const known = ["host_unreachable", "host_timeout", "host_error", "bad_verdict", "collect_failed"];
  const code = known.includes(e?.code) ? e.code : "internal";
  return sg.t(locale, `reason.${code}`, { seconds: sg.config.host_timeout_seconds, detail: detailOf(e) || "?" });
}

function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x.address === b[i].address && (x.name ?? "") === (b[i].name ?? ""));
}

async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function base64ToBytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The adapter over the item being composed. `sg` is globalThis.SendGuardOutlook (launchevent.js),
 * `item` the Office.js mail item, `onNotice({kind, text})` shows the pane's own status line
 * (after done: sending, press Send, cancelled, or why sending failed).
 */
export function createOutlookAdapter({ sg, item, onNotice = () => {} }) {
  let locale = sg.localeOf(sg.displayLanguage());
  let verdict = null;
  let collected = null; // {draft, attachments} of the verdict shown
  let busy = false;
  let finished = false;
  let alertContext = null;

  function adopt(v, c) {
    verdict = v;
    collected = c;
    if (typeof v.locale === "string") locale = sg.localeOf(v.locale);
  }

  async function recheck() {
    const c = await sg.collectDraft(item);
    const v = await sg.check(c.draft);
    adopt(v, c);
    return { verdict: v, draft: sg.dialogDraft(c.draft) };
  }

  function recheckError(e) {
    return paneError(sg, locale, e?.code ?? "internal", "pane.recheck_failed", { detail: hostReason(sg, locale, e) });
  }

  // move_to_bcc, replace_recipient, remove_recipient: on the item itself, field by field.
  async function recipientFix(suggestion) {
    let current;
    let next;
    try {
      current = await sg.readRecipients(item);
      next = applySuggestion(current, suggestion);
    } catch (e) {
      return paneError(sg, locale, "invalid_fix", "pane.bad_fix", { detail: detailOf(e) });
    }
    try {
      for (const field of FIELDS_IN_WRITE_ORDER) {
        if (sameList(current[field], next[field])) continue;
        const list = next[field].map((r) => ({ displayName: r.name ?? "", emailAddress: r.address }));
        await sg.officeCall(item[field], "setAsync", list);
      }
    } catch (e) {
      return paneError(sg, locale, "fix_failed", "pane.fix_failed", { detail: detailOf(e) });
    }
    try {
      return await recheck();
    } catch (e) {
      return recheckError(e);
    }
  }

  // The host's archive goes in first, then the originals go (by their Office.js ids: a mail item
  // is named "….eml" in the draft, not in Outlook); the names are read back and compared. A
  // failure before any original is removed takes the archive out again.
  async function swapAttachments(removeIds, archive) {
    const listed = async () => ((await sg.officeCall(item, "getAttachmentsAsync")) ?? []).filter((a) => !a.isInline);
    const before = await listed();
    const addedId = await sg.officeCall(item, "addFileAttachmentFromBase64Async", archive.content_base64, archive.name, { isInline: false });
    let removed = 0;
    try {
      for (const id of removeIds) {
        await sg.officeCall(item, "removeAttachmentAsync", id);
        removed++;
      }
      const after = (await listed()).map((a) => a.name).sort();
      const want = [...before.filter((a) => !removeIds.includes(a.id)).map((a) => a.name), archive.name].sort();
      if (JSON.stringify(after) !== JSON.stringify(want)) {
        throw new Error(`the message has ${JSON.stringify(after)}, expected ${JSON.stringify(want)}`);
      }
    } catch (e) {
      if (removed === 0 && addedId !== undefined) {
        try {
          await sg.officeCall(item, "removeAttachmentAsync", addedId);
        } catch {
          // The notice asks the user to look at the attachments.
        }
      }
      throw e;
    }
  }

  async function checkArchive(archive) {
    if (!archive || typeof archive !== "object") throw new Error("no archive");
    if (typeof archive.name !== "string" || !archive.name) throw new Error("the archive has no name");
    if (typeof archive.content_base64 !== "string" || !archive.content_base64) throw new Error("the archive has no content");
    const bytes = base64ToBytes(archive.content_base64);
    if (archive.size !== undefined && archive.size !== bytes.length) throw new Error(`${bytes.length} bytes, ${archive.size} announced`);
    if (typeof archive.sha256 === "string" && globalThis.crypto?.subtle) {
      if ((await sha256Hex(bytes)) !== archive.sha256.toLowerCase()) throw new Error("SHA-256 does not match");
    }
    return bytes.length;
  }

  // encrypt_attachments: the host makes the archive from the attachments it kept from the check
  // shown; it replaces them in the item; the item is checked again. The password goes to the
  // dialog in the answer and nowhere else.
  async function encryptFix(suggestion) {
    const names = [...new Set(suggestion.names)];
    const have = new Set(collected.attachments.map((a) => a.name));
    const missing = names.filter((n) => !have.has(n));
    if (missing.length) {
      return paneError(sg, locale, "invalid_fix", "pane.bad_fix", { detail: `no attachment ${missing.map((n) => JSON.stringify(n)).join(", ")}` });
    }
    let result;
    try {
      result = await sg.encrypt({ check_id: verdict.check_id, names });
    } catch (e) {
      if (e?.hostCode === "not_found") return paneError(sg, locale, "not_found", "pane.encrypt_failed", { detail: sg.t(locale, "pane.encrypt_not_found") });
      return paneError(sg, locale, e?.code ?? "internal", "pane.encrypt_failed", { detail: hostReason(sg, locale, e) });
    }
    let size;
    try {
      size = await checkArchive(result?.archive);
      if (typeof result.password !== "string" || !result.password) throw new Error("no password");
    } catch (e) {
      return paneError(sg, locale, "bad_archive", "pane.encrypt_failed", { detail: sg.t(locale, "pane.bad_archive", { detail: detailOf(e) }) });
    }
    const removeIds = collected.attachments.filter((a) => names.includes(a.name)).map((a) => a.id);
    try {
      await swapAttachments(removeIds, result.archive);
    } catch (e) {
      return paneError(sg, locale, "swap_failed", "pane.swap_failed", { detail: detailOf(e) });
    }
    const archive = { name: result.archive.name, size, password: result.password };
    try {
      const answer = await recheck();
      return { ...answer, archive };
    } catch (e) {
      // The item already holds the archive: the password must still reach the user.
      const failed = recheckError(e);
      failed.error.message = `${failed.error.message} (${archive.name}: ${archive.password})`;
      return failed;
    }
  }

  async function approve(result) {
    const digest = verdict.draft_digest;
    if (typeof digest !== "string" || !digest) throw new Error(sg.t(locale, "pane.no_digest"));
    try {
      await sg.writeMark(item, {
        digest,
        check_id: verdict.check_id,
        acknowledged: result.acknowledged,
        justification: result.justification,
      });
    } catch (e) {
      throw new Error(sg.t(locale, "pane.mark_failed", { detail: detailOf(e) }));
    }
    if (!sg.canSendFromPane(item)) {
      onNotice({ kind: "press-send", text: sg.t(locale, "pane.press_send") });
      return { ok: true, sent: false };
    }
    onNotice({ kind: "sending", text: sg.t(locale, "pane.sending") });
    try {
      // Outlook runs the Send handler for this too; the mark lets it pass and record the decision.
      await sg.sendItem(item);
    } catch (e) {
      onNotice({ kind: "send-failed", text: sg.t(locale, "pane.send_failed", { detail: detailOf(e) }) });
      return { ok: true, sent: false };
    }
    return { ok: true, sent: true };
  }

  async function cancel(result) {
    // An earlier approval must not let a draft the user has just declined through.
    await sg.clearMark(item);
    if (verdict) {
      const params = { check_id: verdict.check_id, outcome: "cancelled", acknowledged: result.acknowledged ?? [] };
      if (result.justification) params.justification = result.justification;
      await sg.decision(params).catch(() => null);
    }
    onNotice({ kind: "cancelled", text: sg.t(locale, "pane.cancelled") });
    return { ok: true };
  }

  return {
    async ready() {
      if (!item) throw new Error(sg.t(locale, "pane.unavailable"));
      alertContext = await sg.initializationContext(item);
      try {
        return { ...(await recheck()), options: {} };
      } catch (e) {
        throw new Error(hostReason(sg, locale, e));
      }
    },

    /** `{verdict, draft}`, with `archive` after an encrypt fix, or `{error: {code, message}}`. */
    async fix(suggestion) {
      if (finished || !verdict) return paneError(sg, locale, "no_session", "pane.no_session");
      if (busy) return paneError(sg, locale, "busy", "pane.busy");
      busy = true;
      try {
        return isEncryptFix(suggestion) ? await encryptFix(suggestion) : await recipientFix(suggestion);
      } finally {
        busy = false;
      }
    },

    async done(result) {
      if (finished) return { ok: true };
      finished = true;
      const r = result && typeof result === "object" ? result : {};
      const normal = {
        acknowledged: Array.isArray(r.acknowledged) ? r.acknowledged.filter((x) => typeof x === "string") : [],
        justification: typeof r.justification === "string" ? r.justification : "",
      };
      if (r.outcome === "send" && verdict && verdict.action !== "block") return approve(normal);
      return cancel(normal);
    },

    /** For the page: the alert's context (`{check_id, draft_digest}`) when opened from an alert. */
    get alertContext() {
      return alertContext;
    },
    get finished() {
      return finished;
    },
    get checkId() {
      return verdict?.check_id ?? null;
    },
  };
}

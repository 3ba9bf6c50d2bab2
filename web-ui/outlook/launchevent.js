// SendGuard's Outlook Smart Alerts handler (OnMessageSend → onMessageSendHandler) and the pieces the task pane shares with it: reading the draft from Office.js, the host calls, the item's mark, the alert texts.
//
// One classic script with no import or export: classic Outlook on Windows runs it in a
// JavaScript-only runtime (no DOM, no modules, no page origin), so every URL is absolute and the
// syntax stays within ES2017. The browser clients load it from commands.html, the task pane from
// taskpane.html before its module. The host rewrites the next line when it serves this file: its
// real origin, the profile's /outlook/send_mode and its /client settings.
const SG_HOST_CONFIG = {"origin": "https://localhost:47120", "send_mode": "soft-block", "fail_mode": "closed", "host_timeout_seconds": 20};

(function (root) {
  "use strict";

  // The manifest's task-pane button (addin-manifest/outlook): the alert's action button opens it.
  var COMMAND_ID = "SendGuardTaskPane";
  // The item's sessionData key holding the task pane's approval, and the notification's key.
  var MARK_KEY = "sendguard";
  var NOTICE_KEY = "sendguard";
  // An icon the manifest defines (bt:Image id): informational notifications must name one.
  var NOTICE_ICON = "SG.Icon.16";
  // Reading the item (recipients, body, attachments with their content) through Office.js.
  var COLLECT_TIMEOUT_MS = 30 * 1000;
  // A decision is a small local append; a send never waits longer than this for it.
  var DECISION_TIMEOUT_MS = 5 * 1000;
  // A notification is best effort and must not hold the send up.
  var NOTICE_TIMEOUT_MS = 2 * 1000;
  // Outlook gives up on a handler after about 300 s; ours always completes well before.
  var HANDLER_DEADLINE_CAP_MS = 240 * 1000;
  // The host's limits (docs/api.md "Limits"): content beyond them goes without content_base64, so
  // the name, type and size rules still run instead of the whole check failing.
  var MAX_ATTACHMENT_CONTENT_BYTES = 32 * 1024 * 1024;
  var MAX_TOTAL_CONTENT_BYTES = 64 * 1024 * 1024;
  // Smart Alerts: errorMessage and errorMessageMarkdown at most 500 characters, cancelLabel 20,
  // a notification message 150 (Office.SmartAlertsEventCompletedOptions, NotificationMessageDetails).
  var ALERT_MAX_CHARS = 500;
  var NOTICE_MAX_CHARS = 150;
  // The alert names this many findings, the most severe first; the task pane shows them all.
  var ALERT_FINDINGS = 3;
  var ALERT_FINDING_MAX_CHARS = 120;
  var ACTIONS = ["allow", "confirm", "justify", "block"];
  var SEND_MODES = ["soft-block", "block", "prompt-user"];

  // ---- strings (every user-visible text, Japanese and English) --------------------------------

  var STRINGS = {
    ja: {
      "alert.confirm": "送信前に確認が必要です",
      "alert.justify": "送信するには理由の入力が必要です",
      "alert.block": "このメールは送信できません",
      "alert.unknown": "SendGuard の確認が必要です",
      "alert.more": "ほか {n} 件",
      "alert.review": "「確認する」を押すと SendGuard の確認画面が開き、宛先と添付ファイルを確かめて直し、そのまま送信できます。",
      "alert.review_block": "「確認する」を押すと SendGuard の確認画面が開き、理由と直し方を確かめられます。",
      "alert.button": "確認する",
      "fail.block": "SendGuard がこのメールを確認できませんでした: {reason}。SendGuard が応答するまで、このメールは送信できません。しばらくしてからもう一度送信してください。解決しない場合はヘルプデスクに連絡してください。",
      "fail.prompt": "SendGuard がこのメールを確認できませんでした: {reason}。このダイアログから確認せずに送信することもできます。確認してから送るには、しばらくしてからもう一度送信してください。",
      "fail.open": "SendGuard が確認できなかったため、確認せずに送信しました（{reason}）。",
      "reason.host_unreachable": "このパソコンの SendGuard に接続できません",
      "reason.host_timeout": "SendGuard が {seconds} 秒以内に応答しませんでした",
      "reason.host_error": "SendGuard がエラーを返しました（{detail}）",
      "reason.bad_verdict": "SendGuard から想定外の応答がありました",
      "reason.collect_failed": "メールの内容を読み取れませんでした（{detail}）",
      "reason.internal": "アドインで予期しないエラーが発生しました（{detail}）",
      "pane.no_session": "この確認はすでに終了しています。",
      "pane.busy": "ほかの修正を反映しています。終わるまでお待ちください。",
      "pane.bad_fix": "この修正は適用できません: {detail}",
      "pane.recheck_failed": "修正後の確認ができませんでした: {detail}",
      "pane.fix_failed": "メールを修正できませんでした: {detail}",
      "pane.encrypt_failed": "添付ファイルを暗号化できませんでした: {detail}",
      "pane.encrypt_not_found": "ホストに暗号化する添付ファイルが残っていません（確認から時間がたちました）。この画面を閉じて、もう一度送信してください",
      "pane.bad_archive": "ホストから受け取った暗号化ファイルが不完全です（{detail}）",
      "pane.swap_failed": "添付ファイルを暗号化したファイルに置き換えられませんでした（{detail}）。作成画面の添付ファイルを確認してください",
      "pane.no_digest": "SendGuard の応答に確認済みの印（draft_digest）がないため、送信を許可できません。ホストを更新してください",
      "pane.mark_failed": "確認済みの印をメールに付けられませんでした（{detail}）",
      "pane.sending": "確認済みです。送信しています…",
      "pane.press_send": "確認が済みました。作成画面の「送信」を押してください。この後メールを変更しなければ、確認画面はもう一度表示されません。",
      "pane.send_failed": "自動で送信できませんでした（{detail}）。作成画面の「送信」を押してください。",
      "pane.cancelled": "キャンセルしました。メールは作成画面に残っています（確認画面で直した宛先と添付ファイルはそのままです）。",
      "pane.unavailable": "SendGuard の確認画面は Outlook の作成中のメールでのみ使えます。",
    },
    en: {
      "alert.confirm": "Check this message before sending",
      "alert.justify": "A reason is needed to send this message",
      "alert.block": "This message cannot be sent",
      "alert.unknown": "SendGuard needs you to check this message",
      "alert.more": "and {n} more",
      "alert.review": "Press Review to open the SendGuard check, confirm and fix the recipients and attachments, and send from there.",
      "alert.review_block": "Press Review to open the SendGuard check and see why and how to fix it.",
      "alert.button": "Review",
      "fail.block": "SendGuard could not check this message: {reason}. It cannot be sent until SendGuard answers. Press Send again in a moment; if that does not help, contact your helpdesk.",
      "fail.prompt": "SendGuard could not check this message: {reason}. You can send it unchecked from this dialog, or press Send again in a moment to have it checked.",
      "fail.open": "Sent without a SendGuard check: {reason}.",
      "reason.host_unreachable": "SendGuard on this computer cannot be reached",
      "reason.host_timeout": "SendGuard did not answer within {seconds} seconds",
      "reason.host_error": "SendGuard returned an error ({detail})",
      "reason.bad_verdict": "SendGuard gave an answer the add-in does not understand",
      "reason.collect_failed": "the message could not be read ({detail})",
      "reason.internal": "unexpected error in the add-in ({detail})",
      "pane.no_session": "This check has already finished.",
      "pane.busy": "Another fix is being applied. Please wait until it is done.",
      "pane.bad_fix": "This fix cannot be applied: {detail}",
      "pane.recheck_failed": "The message could not be checked again after the fix: {detail}",
      "pane.fix_failed": "The message could not be changed: {detail}",
      "pane.encrypt_failed": "The attachments could not be encrypted: {detail}",
      "pane.encrypt_not_found": "the host no longer has the attachments to encrypt (the check is too old). Close this pane and press Send again",
      "pane.bad_archive": "the encrypted file received from the host is incomplete ({detail})",
      "pane.swap_failed": "The attachments could not be replaced by the encrypted file ({detail}). Check the attachments in the message",
      "pane.no_digest": "SendGuard's answer has no mark of the checked message (draft_digest), so sending cannot be allowed. Update the host",
      "pane.mark_failed": "The message could not be marked as checked ({detail})",
      "pane.sending": "Checked. Sending…",
      "pane.press_send": "Checked. Press Send in the message. Unless you change the message, the check will not be shown again.",
      "pane.send_failed": "The message could not be sent automatically ({detail}). Press Send in the message.",
      "pane.cancelled": "Cancelled. The message stays open (recipients and attachments fixed in the check stay as they are).",
      "pane.unavailable": "The SendGuard check works only in a message being written in Outlook.",
    },
  };

  /** "ja", "ja-JP" → "ja"; every other tag → "en". */
  function localeOf(tag) {
    return typeof tag === "string" && /^ja(\b|[-_])/i.test(tag) ? "ja" : "en";
  }

  /** The string `key` in `locale` with `{name}` placeholders filled from `vars`. */
  function t(locale, key, vars) {
    var table = STRINGS[localeOf(locale)];
    var text = table[key] !== undefined ? table[key] : STRINGS.en[key] !== undefined ? STRINGS.en[key] : key;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return vars && Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole;
    });
  }

  // ---- configuration -------------------------------------------------------------------------

  /** SG_HOST_CONFIG with every value checked; anything missing or malformed takes its default. */
  function hostConfig(raw) {
    var c = raw && typeof raw === "object" ? raw : {};
    var origin = typeof c.origin === "string" && /^https?:\/\/[^/\s]+$/.test(c.origin) ? c.origin : "https://localhost:47120";
    var seconds = Number(c.host_timeout_seconds);
    return {
      origin: origin,
      send_mode: SEND_MODES.indexOf(c.send_mode) >= 0 ? c.send_mode : "soft-block",
      fail_mode: c.fail_mode === "open" ? "open" : "closed",
      host_timeout_seconds: Number.isFinite(seconds) && seconds >= 1 && seconds <= 300 ? Math.floor(seconds) : 20,
    };
  }

  var config = hostConfig(typeof SG_HOST_CONFIG !== "undefined" ? SG_HOST_CONFIG : null);

  // ---- Office.js plumbing --------------------------------------------------------------------

  function office() {
    return typeof Office !== "undefined" ? Office : root.Office;
  }

  function mailbox() {
    var o = office();
    return o && o.context && o.context.mailbox ? o.context.mailbox : null;
  }

  /** True when the client supports Mailbox `version`; without the requirements API, the manifest's minimum (1.15) holds. */
  function supports(version) {
    var o = office();
    try {
      if (o && o.context && o.context.requirements && typeof o.context.requirements.isSetSupported === "function") {
        return Boolean(o.context.requirements.isSetSupported("Mailbox", version));
      }
    } catch (e) {
      return false;
    }
    return Number(version) <= 1.15;
  }

  function displayLanguage() {
    var o = office();
    try {
      return (o && o.context && o.context.displayLanguage) || "en";
    } catch (e) {
      return "en";
    }
  }

  /** An error of one step; `code` is one of the reason.* keys (host_unreachable, host_timeout, …). */
  function SendGuardError(code, message, detail) {
    var e = new Error(message || code);
    e.name = "SendGuardError";
    e.code = code;
    e.detail = detail === undefined ? "" : String(detail);
    return e;
  }

  /** Calls an Office.js `…Async(args…, callback)` method; resolves with the value, rejects on failure. */
  function officeCall(target, method) {
    var args = Array.prototype.slice.call(arguments, 2);
    return new Promise(function (resolve, reject) {
      if (!target || typeof target[method] !== "function") {
        reject(SendGuardError("collect_failed", method + " is not available", method + " unavailable"));
        return;
      }
      args.push(function (result) {
        if (result && result.status === "failed") {
          var err = result.error || {};
          reject(SendGuardError("collect_failed", method + ": " + (err.message || err.name || "failed"), method + ": " + (err.name || err.code || "failed")));
        } else {
          resolve(result ? result.value : undefined);
        }
      });
      try {
        target[method].apply(target, args);
      } catch (e) {
        reject(SendGuardError("collect_failed", method + ": " + (e && e.message), method));
      }
    });
  }

  /** Settles like `promise`, or rejects with `makeError()` after `ms`; the timer is cleared either way. */
  function withTimeout(promise, ms, makeError) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () {
        reject(makeError());
      }, ms);
      Promise.resolve(promise).then(
        function (v) {
          clearTimeout(timer);
          resolve(v);
        },
        function (e) {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  // ---- base64 without atob/btoa or TextEncoder (the JavaScript-only runtime may lack them) ------

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  /** A string's UTF-8 bytes as base64 (for item attachments, which Office.js hands over as EML text). */
  function utf8Base64(text) {
    var bytes = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        var d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      }
      if (c < 0x80) bytes.push(c);
      else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    var out = [];
    for (var j = 0; j < bytes.length; j += 3) {
      var n = (bytes[j] << 16) | ((bytes[j + 1] || 0) << 8) | (bytes[j + 2] || 0);
      out.push(B64[(n >> 18) & 63], B64[(n >> 12) & 63], j + 1 < bytes.length ? B64[(n >> 6) & 63] : "=", j + 2 < bytes.length ? B64[n & 63] : "=");
    }
    return out.join("");
  }

  /** Decoded size of a base64 text, without decoding it. */
  function base64Size(text) {
    var clean = String(text).replace(/[\r\n\s]/g, "");
    var pad = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
    return Math.floor((clean.length * 3) / 4) - pad;
  }

  // ---- reading the draft -----------------------------------------------------------------------

  function person(details) {
    if (!details || typeof details !== "object") return null;
    var address = String(details.emailAddress || "").trim();
    if (!address) return null;
    return { name: String(details.displayName || ""), address: address };
  }

  function people(list) {
    var out = [];
    for (var i = 0; i < (Array.isArray(list) ? list.length : 0); i++) {
      var p = person(list[i]);
      if (p) out.push(p);
    }
    return out;
  }

  // getComposeTypeAsync (Mailbox 1.10) tells new mail, reply and forward apart; a reply to all
  // is reported as a reply, and Office.js does not hand over the original message's recipients.
  var COMPOSE_TYPES = { newMail: "new", reply: "reply", forward: "forward" };

  /** The recipients of the item as `{to, cc, bcc}` of `{name, address}`. */
  function readRecipients(item) {
    return Promise.all([officeCall(item.to, "getAsync"), officeCall(item.cc, "getAsync"), officeCall(item.bcc, "getAsync")]).then(function (r) {
      return { to: people(r[0]), cc: people(r[1]), bcc: people(r[2]) };
    });
  }

  function readFrom(item) {
    return officeCall(item.from, "getAsync").then(person, function () {
      return null;
    }).then(function (from) {
      if (from) return from;
      var m = mailbox();
      var profile = m && m.userProfile;
      return profile ? person({ displayName: profile.displayName, emailAddress: profile.emailAddress }) : null;
    });
  }

  function readBody(item) {
    var o = office();
    var coercion = (o && o.CoercionType) || { Text: "text", Html: "html" };
    return officeCall(item.body, "getTypeAsync").then(null, function () {
      return "text";
    }).then(function (type) {
      var reads = [officeCall(item.body, "getAsync", coercion.Text)];
      if (type === "html") reads.push(officeCall(item.body, "getAsync", coercion.Html));
      return Promise.all(reads).then(function (r) {
        var body = { text: typeof r[0] === "string" ? r[0] : "" };
        if (typeof r[1] === "string") body.html = r[1];
        return body;
      });
    });
  }

  function readComposeType(item) {
    if (typeof item.getComposeTypeAsync !== "function") return Promise.resolve("new");
    return officeCall(item, "getComposeTypeAsync").then(
      function (v) {
        return COMPOSE_TYPES[v && v.composeType] || "new";
      },
      function () {
        return "new";
      },
    );
  }

  /**
   * The item's attachments as `[{id, name, size, content_type?, kind, content_base64?}]`. Inline
   * pictures are part of the body, not attachments the user chose, and are left out. Files come
   * with their content (Base64); attached mail items as .eml; cloud attachments by name only.
   */
  function readAttachments(item) {
    if (typeof item.getAttachmentsAsync !== "function") return Promise.resolve([]);
    return officeCall(item, "getAttachmentsAsync").then(function (list) {
      var chosen = (Array.isArray(list) ? list : []).filter(function (a) {
        return a && !a.isInline;
      });
      var total = 0;
      var out = [];
      var chain = Promise.resolve();
      chosen.forEach(function (a) {
        chain = chain.then(function () {
          var kind = String(a.attachmentType || "file").toLowerCase();
          var size = Number(a.size) || 0;
          var entry = { id: a.id, name: String(a.name || ""), size: size, kind: kind };
          if (a.contentType) entry.content_type = String(a.contentType);
          out.push(entry);
          var wanted = kind !== "cloud" && size <= MAX_ATTACHMENT_CONTENT_BYTES && total + size <= MAX_TOTAL_CONTENT_BYTES;
          if (!wanted || typeof item.getAttachmentContentAsync !== "function") return undefined;
          return officeCall(item, "getAttachmentContentAsync", a.id).then(function (content) {
            var format = String((content && content.format) || "").toLowerCase();
            var data = content && typeof content.content === "string" ? content.content : null;
            if (data === null) return;
            if (format === "base64") entry.content_base64 = data.replace(/[\r\n]/g, "");
            else if (format === "eml" || format === "icalendar") {
              var ext = format === "eml" ? ".eml" : ".ics";
              if (!entry.name.toLowerCase().endsWith(ext)) entry.name += ext;
              entry.content_type = format === "eml" ? "message/rfc822" : "text/calendar";
              entry.content_base64 = utf8Base64(data);
            } else return; // a URL (cloud file): by name only
            var decoded = base64Size(entry.content_base64);
            if (decoded > MAX_ATTACHMENT_CONTENT_BYTES || total + decoded > MAX_TOTAL_CONTENT_BYTES) {
              delete entry.content_base64;
              return;
            }
            total += decoded;
            entry.size = decoded;
          });
        });
      });
      return chain.then(function () {
        return out;
      });
    });
  }

  function client() {
    var o = office();
    var version = "unknown";
    var platform = "";
    try {
      var d = o && o.context && o.context.diagnostics;
      if (d && d.version) version = String(d.version);
      if (d && d.platform) platform = String(d.platform);
    } catch (e) {
      // informative only
    }
    var c = { name: "outlook", version: version };
    if (platform) c.platform = platform;
    return c;
  }

  /**
   * Reads the item being composed: `{draft, attachments}` where `draft` is the draft of
   * docs/api.md and `attachments` lists each attachment with its Office.js id (for the task pane's
   * swap). Rejects with code collect_failed when Office.js cannot give what the check needs.
   */
  function collectDraft(item) {
    var target = item || (mailbox() && mailbox().item);
    if (!target) return Promise.reject(SendGuardError("collect_failed", "no mail item", "no item"));
    var work = Promise.all([
      readFrom(target),
      readRecipients(target),
      officeCall(target.subject, "getAsync"),
      readBody(target),
      readAttachments(target),
      readComposeType(target),
    ]).then(function (r) {
      var lang = displayLanguage();
      var draft = {
        client: client(),
        to: r[1].to,
        cc: r[1].cc,
        bcc: r[1].bcc,
        subject: typeof r[2] === "string" ? r[2] : "",
        body: r[3],
        attachments: r[4].map(function (a) {
          var d = { name: a.name, size: a.size };
          if (a.content_type) d.content_type = a.content_type;
          if (typeof a.content_base64 === "string") d.content_base64 = a.content_base64;
          return d;
        }),
        compose_type: r[5],
        original_recipients: [],
      };
      if (r[0]) draft.from = r[0];
      if (/^(ja|en)(\b|[-_])/i.test(lang)) draft.locale = lang;
      return { draft: draft, attachments: r[4] };
    });
    return withTimeout(work, COLLECT_TIMEOUT_MS, function () {
      return SendGuardError("collect_failed", "reading the message timed out", "timeout");
    });
  }

  /** What the check dialog shows of a draft: addresses as `{name, address}`, attachments without content. */
  function dialogDraft(draft) {
    return {
      from: draft.from || null,
      to: draft.to,
      cc: draft.cc,
      bcc: draft.bcc,
      subject: draft.subject,
      attachments: draft.attachments.map(function (a) {
        return { name: a.name, size: a.size };
      }),
    };
  }

  /** The recipients a decision reports as `final`. */
  function finalRecipients(draft) {
    return { to: draft.to, cc: draft.cc, bcc: draft.bcc };
  }

  // ---- the host --------------------------------------------------------------------------------

  var token = null; // in memory only: never stored, never logged

  function fetchJson(path, options, ms) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var init = {
      method: "POST",
      headers: options.headers || {},
      cache: "no-store",
      credentials: "omit",
    };
    if (options.body !== undefined) init.body = options.body;
    if (controller) init.signal = controller.signal;
    var request = Promise.resolve()
      .then(function () {
        return fetch(config.origin + path, init);
      })
      .then(
        function (response) {
          return response.text().then(function (text) {
            var json = null;
            try {
              json = text ? JSON.parse(text) : null;
            } catch (e) {
              json = null;
            }
            return { status: response.status, ok: response.ok, json: json };
          });
        },
        function (e) {
          throw SendGuardError("host_unreachable", "cannot reach " + config.origin + ": " + (e && e.message), e && e.message);
        },
      );
    return withTimeout(request, ms, function () {
      if (controller) {
        try {
          controller.abort();
        } catch (e) {
          // already settled
        }
      }
      return SendGuardError("host_timeout", "no answer to " + path + " within " + ms + " ms", String(Math.round(ms / 1000)));
    });
  }

  function hostFailure(path, answer) {
    var err = (answer.json && answer.json.error) || {};
    var code = typeof err.code === "string" && err.code ? err.code : "http_" + answer.status;
    var e = SendGuardError("host_error", path + ": " + code + (err.message ? " " + err.message : ""), code);
    e.hostCode = code;
    e.status = answer.status;
    return e;
  }

  /** The user token from the host (POST /v1/addin/token); cached in memory for this runtime. */
  function getToken(force, ms) {
    if (token && !force) return Promise.resolve(token);
    return fetchJson("/v1/addin/token", {}, ms || config.host_timeout_seconds * 1000).then(function (answer) {
      if (!answer.ok) throw hostFailure("/v1/addin/token", answer);
      if (!answer.json || typeof answer.json.token !== "string" || !answer.json.token) {
        throw SendGuardError("host_error", "the token answer has no token", "no token");
      }
      token = answer.json.token;
      return token;
    });
  }

  /** POST `path` with the user token; a refused token is fetched again once. Resolves with the JSON answer. */
  function hostRequest(path, body, ms) {
    var timeout = ms || config.host_timeout_seconds * 1000;
    var started = Date.now();
    var left = function () {
      return Math.max(1, timeout - (Date.now() - started));
    };
    var attempt = function (force) {
      return getToken(force, left()).then(function (tok) {
        return fetchJson(path, { headers: { "Content-Type": "application/json", Authorization: "Bearer " + tok }, body: JSON.stringify(body) }, left());
      });
    };
    return attempt(false)
      .then(function (answer) {
        if (answer.status === 401) return attempt(true);
        return answer;
      })
      .then(function (answer) {
        if (!answer.ok) throw hostFailure(path, answer);
        return answer.json;
      });
  }

  function validVerdict(v) {
    return Boolean(v) && typeof v === "object" && typeof v.check_id === "string" && ACTIONS.indexOf(v.action) >= 0;
  }

  /** POST /v1/check; rejects with bad_verdict for an answer without check_id or a known action. */
  function check(draft, ms) {
    return hostRequest("/v1/check", draft, ms).then(function (v) {
      if (!validVerdict(v)) throw SendGuardError("bad_verdict", "the verdict has no check_id or action", "");
      return v;
    });
  }

  function encrypt(params, ms) {
    return hostRequest("/v1/encrypt", params, ms);
  }

  function decision(params, ms) {
    return hostRequest("/v1/decision", params, ms || DECISION_TIMEOUT_MS);
  }

  // ---- the mark: the task pane's approval of one exact draft ------------------------------------

  function validMark(m) {
    return (
      Boolean(m) &&
      typeof m === "object" &&
      typeof m.digest === "string" &&
      m.digest !== "" &&
      typeof m.check_id === "string" &&
      m.check_id !== ""
    );
  }

  /** The mark in the item's sessionData (Mailbox 1.11), or null when there is none or it is unreadable. */
  function readMark(item) {
    if (!item || !item.sessionData) return Promise.resolve(null);
    return withTimeout(officeCall(item.sessionData, "getAsync", MARK_KEY), NOTICE_TIMEOUT_MS, function () {
      return SendGuardError("collect_failed", "sessionData timed out", "timeout");
    }).then(
      function (text) {
        try {
          var m = typeof text === "string" && text ? JSON.parse(text) : null;
          return validMark(m) ? m : null;
        } catch (e) {
          return null;
        }
      },
      function () {
        return null;
      },
    );
  }

  /** Stores `{digest, check_id, acknowledged, justification}` in the item's sessionData. */
  function writeMark(item, mark) {
    var value = {
      digest: String(mark.digest),
      check_id: String(mark.check_id),
      acknowledged: Array.isArray(mark.acknowledged) ? mark.acknowledged.filter(function (x) {
        return typeof x === "string";
      }) : [],
      justification: typeof mark.justification === "string" ? mark.justification : "",
    };
    return officeCall(item.sessionData, "setAsync", MARK_KEY, JSON.stringify(value));
  }

  function clearMark(item) {
    if (!item || !item.sessionData) return Promise.resolve();
    return officeCall(item.sessionData, "removeAsync", MARK_KEY).then(null, function () {
      return undefined;
    });
  }

  // ---- what the user sees: the alert, the failure texts ----------------------------------------

  var SEVERITY_RANK = { danger: 2, warning: 1, info: 0 };

  /** The findings an alert names: warnings and dangers first by severity and score (info only if nothing else). */
  function topFindings(findings) {
    var list = (Array.isArray(findings) ? findings : []).filter(function (f) {
      return f && typeof f === "object";
    });
    var serious = list.filter(function (f) {
      return f.severity === "danger" || f.severity === "warning";
    });
    var pool = serious.length ? serious : list;
    return pool
      .map(function (f, i) {
        return { f: f, i: i };
      })
      .sort(function (a, b) {
        var s = (SEVERITY_RANK[b.f.severity] || 0) - (SEVERITY_RANK[a.f.severity] || 0);
        if (s) return s;
        var d = (Number(b.f.score) || 0) - (Number(a.f.score) || 0);
        return d || a.i - b.i;
      })
      .map(function (x) {
        return x.f;
      });
  }

  function clip(text, max) {
    var s = String(text).replace(/\s+/g, " ").trim();
    return s.length <= max ? s : s.slice(0, max - 1) + "…";
  }

  // The Markdown the Smart Alerts dialog interprets is emphasis (* _), links ([…](…)) and lists
  // at the start of a line; a backslash shows such a character as it is. Nothing else is touched,
  // so a client that renders escapes sparingly shows no stray backslashes.
  function escapeMarkdown(text) {
    return String(text).replace(/[\\*_[\]]/g, "\\$&");
  }

  function findingText(f) {
    return clip(f.message || f.id || "", ALERT_FINDING_MAX_CHARS);
  }

  /** The plain-text and Markdown alert for a verdict that needs the user, each within 500 characters. */
  function alertTexts(verdict, locale) {
    var action = ACTIONS.indexOf(verdict.action) > 0 ? verdict.action : "unknown";
    var headline = t(locale, "alert." + action);
    var review = t(locale, action === "block" ? "alert.review_block" : "alert.review");
    var found = topFindings(verdict.findings);
    var build = function (count) {
      var shown = found.slice(0, count).map(findingText);
      var rest = found.length - shown.length;
      var more = rest > 0 ? t(locale, "alert.more", { n: rest }) : "";
      var plainLines = shown.map(function (s) {
        return "・" + s;
      });
      if (more) plainLines.push("・" + more);
      var plain = headline + "\n\n" + (plainLines.length ? plainLines.join("\n") + "\n\n" : "") + review;
      var items = shown.map(function (s) {
        return "- " + escapeMarkdown(s) + "\r";
      });
      if (more) items.push("- " + escapeMarkdown(more) + "\r");
      var markdown = "**" + escapeMarkdown(headline) + "**\n\n" + (items.length ? items.join("") + "\n\n" : "") + escapeMarkdown(review);
      return { plain: plain, markdown: markdown };
    };
    for (var n = Math.min(ALERT_FINDINGS, found.length); n >= 0; n--) {
      var texts = build(n);
      if (texts.plain.length <= ALERT_MAX_CHARS && texts.markdown.length <= ALERT_MAX_CHARS) return texts;
    }
    var last = build(0);
    return { plain: clip(last.plain, ALERT_MAX_CHARS), markdown: clip(last.markdown, ALERT_MAX_CHARS) };
  }

  /** event.completed options for a verdict that needs the user (confirm, justify, block). */
  function alertOptions(verdict, locale) {
    var texts = alertTexts(verdict, locale);
    var options = { allowEvent: false, errorMessage: texts.plain };
    if (supports("1.15")) options.errorMessageMarkdown = texts.markdown;
    if (supports("1.14")) {
      options.cancelLabel = t(locale, "alert.button");
      options.commandId = COMMAND_ID;
      // A string: classic Outlook on Windows before Version 2402 accepts no other type here.
      options.contextData = JSON.stringify({ check_id: verdict.check_id, draft_digest: verdict.draft_digest || null });
    }
    return options;
  }

  function reasonText(error, locale) {
    var code = error && error.code;
    var known = ["host_unreachable", "host_timeout", "host_error", "bad_verdict", "collect_failed"];
    var key = known.indexOf(code) >= 0 ? code : "internal";
    var detail = clip((error && (error.detail || error.message)) || "", 80);
    return t(locale, "reason." + key, { seconds: config.host_timeout_seconds, detail: detail || "?" });
  }

  /**
   * What the handler does when it could not get a verdict: `{options, notice}` for event.completed
   * and, when the mail goes unchecked (fail_mode open), the notification text.
   */
  function failureOutcome(error, locale, cfg) {
    var c = cfg || config;
    var reason = reasonText(error, locale);
    if (c.fail_mode === "open") {
      return { options: { allowEvent: true }, notice: clip(t(locale, "fail.open", { reason: reason }), NOTICE_MAX_CHARS) };
    }
    if (c.send_mode === "block") {
      return { options: { allowEvent: false, errorMessage: clip(t(locale, "fail.block", { reason: reason }), ALERT_MAX_CHARS) }, notice: null };
    }
    var options = { allowEvent: false, errorMessage: clip(t(locale, "fail.prompt", { reason: reason }), ALERT_MAX_CHARS) };
    if (supports("1.14")) {
      var o = office();
      var enums = o && o.MailboxEnums && o.MailboxEnums.SendModeOverride;
      options.sendModeOverride = (enums && enums.PromptUser) || "promptUser";
    }
    return { options: options, notice: null };
  }

  /** Shows `text` on the item's information bar; best effort, bounded, never throws. */
  function notify(item, text) {
    if (!item || !item.notificationMessages) return Promise.resolve(false);
    var o = office();
    var types = (o && o.MailboxEnums && o.MailboxEnums.ItemNotificationMessageType) || {};
    var info = { type: types.InformationalMessage || "informationalMessage", message: clip(text, NOTICE_MAX_CHARS), icon: NOTICE_ICON, persistent: false };
    var error = { type: types.ErrorMessage || "errorMessage", message: clip(text, NOTICE_MAX_CHARS) };
    var attempt = officeCall(item.notificationMessages, "replaceAsync", NOTICE_KEY, info).then(null, function () {
      // A client without the icon (or informational messages here) still shows an error bar.
      return officeCall(item.notificationMessages, "replaceAsync", NOTICE_KEY, error);
    });
    return withTimeout(attempt, NOTICE_TIMEOUT_MS, function () {
      return new Error("notification timed out");
    }).then(
      function () {
        return true;
      },
      function () {
        return false;
      },
    );
  }

  // ---- the handler -----------------------------------------------------------------------------

  function decide(item, collected, verdict, mark) {
    var params = {
      check_id: verdict.check_id,
      outcome: "sent",
      acknowledged: mark ? mark.acknowledged || [] : [],
      final: finalRecipients(collected.draft),
    };
    if (mark && mark.justification) params.justification = mark.justification;
    // The send does not wait on a failed decision: the check itself has passed.
    return decision(params).then(null, function () {
      return null;
    });
  }

  /** The check of one Send: resolves to `{options, notice}`; rejects when no verdict could be had. */
  function runCheck(item) {
    var collected;
    var mark;
    return collectDraft(item)
      .then(function (c) {
        collected = c;
        return readMark(item);
      })
      .then(function (m) {
        mark = m;
        return check(collected.draft);
      })
      .then(function (verdict) {
        var locale = typeof verdict.locale === "string" ? localeOf(verdict.locale) : localeOf(displayLanguage());
        var approved = mark && verdict.draft_digest && verdict.draft_digest === mark.digest && verdict.action !== "block";
        if (verdict.action === "allow" || approved) {
          return decide(item, collected, verdict, approved ? mark : null).then(function () {
            return { options: { allowEvent: true }, notice: null };
          });
        }
        return { options: alertOptions(verdict, locale), notice: null };
      });
  }

  /**
   * OnMessageSend: checks the draft and completes the event exactly once, whatever happens:
   * allow; the alert with the button to the task pane; or, without a verdict, what the send mode
   * and fail mode say. A deadline completes it even if a promise never settles.
   */
  function onMessageSend(event) {
    var completed = false;
    var item = mailbox() && mailbox().item;
    var locale = localeOf(displayLanguage());
    var complete = function (options) {
      if (completed) return;
      completed = true;
      clearTimeout(deadline);
      try {
        event.completed(options);
      } catch (e) {
        // A client that refuses an option still gets an answer it understands.
        var minimal = { allowEvent: Boolean(options && options.allowEvent) };
        if (!minimal.allowEvent) minimal.errorMessage = (options && options.errorMessage) || t(locale, "alert.unknown");
        event.completed(minimal);
      }
    };
    var fail = function (error) {
      var outcome = failureOutcome(error, locale);
      if (!outcome.notice) return complete(outcome.options);
      return notify(item, outcome.notice).then(function () {
        complete(outcome.options);
      });
    };
    var budget = Math.min(HANDLER_DEADLINE_CAP_MS, COLLECT_TIMEOUT_MS + 2 * config.host_timeout_seconds * 1000 + DECISION_TIMEOUT_MS + 10 * 1000);
    var deadline = setTimeout(function () {
      if (completed) return;
      var o = failureOutcome(SendGuardError("host_timeout", "handler deadline", ""), locale);
      complete(o.options);
    }, budget);
    var run;
    try {
      run = runCheck(item);
    } catch (e) {
      run = Promise.reject(e);
    }
    return run
      .then(function (outcome) {
        complete(outcome.options);
      })
      .then(null, function (error) {
        if (completed) return undefined;
        return Promise.resolve(fail(error)).then(null, function () {
          complete(failureOutcome(error, locale).options);
        });
      });
  }

  // ---- the task pane's send --------------------------------------------------------------------

  /** True when the client can send the item from the task pane (item.sendAsync, Mailbox 1.15). */
  function canSendFromPane(item) {
    return Boolean(item) && typeof item.sendAsync === "function" && supports("1.15");
  }

  /** item.sendAsync; resolves once the client accepted the request (the item may be gone by then). */
  function sendItem(item) {
    return officeCall(item, "sendAsync");
  }

  /** The alert's contextData as `{check_id, draft_digest}`, or null (opened from the ribbon). */
  function initializationContext(item) {
    if (!item || typeof item.getInitializationContextAsync !== "function") return Promise.resolve(null);
    return withTimeout(officeCall(item, "getInitializationContextAsync"), NOTICE_TIMEOUT_MS, function () {
      return new Error("timeout");
    }).then(
      function (v) {
        try {
          var ctx = typeof v === "string" && v ? JSON.parse(v) : v && typeof v === "object" ? v : null;
          return ctx && typeof ctx.check_id === "string" ? ctx : null;
        } catch (e) {
          return null;
        }
      },
      function () {
        return null;
      },
    );
  }

  root.SendGuardOutlook = {
    config: config,
    COMMAND_ID: COMMAND_ID,
    MARK_KEY: MARK_KEY,
    hostConfig: hostConfig,
    localeOf: localeOf,
    t: t,
    supports: supports,
    displayLanguage: displayLanguage,
    officeCall: officeCall,
    withTimeout: withTimeout,
    utf8Base64: utf8Base64,
    base64Size: base64Size,
    collectDraft: collectDraft,
    readRecipients: readRecipients,
    dialogDraft: dialogDraft,
    finalRecipients: finalRecipients,
    getToken: getToken,
    hostRequest: hostRequest,
    check: check,
    encrypt: encrypt,
    decision: decision,
    readMark: readMark,
    writeMark: writeMark,
    clearMark: clearMark,
    alertTexts: alertTexts,
    alertOptions: alertOptions,
    failureOutcome: failureOutcome,
    notify: notify,
    onMessageSend: onMessageSend,
    canSendFromPane: canSendFromPane,
    sendItem: sendItem,
    initializationContext: initializationContext,
    SendGuardError: SendGuardError,
  };

  var o = office();
  if (o && o.actions && typeof o.actions.associate === "function") {
    o.actions.associate("onMessageSendHandler", onMessageSend);
  }
})(typeof globalThis !== "undefined" ? globalThis : this);

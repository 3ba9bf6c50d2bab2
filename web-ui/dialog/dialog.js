// The check dialog, one implementation for Thunderbird and Outlook: renders a verdict, enforces the Send rule, and talks only to an adapter {ready, fix, done}.

import { strings } from "./i18n.js";
import {
  COLLAPSE_GROUP_OVER,
  MAX_REASON_LENGTH,
  MIN_REASON_LENGTH,
  SHARED_REASON_OVER,
  buildModel,
  canSend,
  initialState,
  reasonMissing,
  remainingCount,
  resultFor,
  withTicks,
} from "./model.js";

const COUNTDOWN_TICK_MS = 100;

let idCounter = 0;
const newId = (what) => `sg-${what}-${++idCounter}`;

// The only way this file makes elements: text always goes in as text nodes, never as markup,
// because the verdict carries recipient names and quotes from the mail (XSS).
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = Array.isArray(v) ? v.filter(Boolean).join(" ") : v;
    else if (k === "dataset") for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = String(dv);
    else if (k === "onclick") el.addEventListener("click", v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const sevClass = (severity) => (severity ? `sg-sev-${severity}` : null);

function errorMessage(e, t) {
  if (e && typeof e === "object") {
    if (typeof e.message === "string" && e.message) return e.message;
    if (typeof e.code === "string" && e.code) return e.code;
  }
  return typeof e === "string" && e ? e : t.unknownError;
}

/**
 * Mounts the check dialog into `root`. `adapter` is `{ready(), fix(suggestion), done(result)}`
 * returning promises (web-ui/README.md). `now` is the clock the countdown reads (tests pass a
 * fake one). Returns `{ready: Promise<void>, destroy()}`; `ready` settles once the verdict is
 * shown (or the error that it could not be fetched).
 */
export function mountDialog(root, adapter, { now = () => Date.now() } = {}) {
  const doc = root.ownerDocument;
  const win = doc.defaultView;
  let t = strings("ja");
  let model = null;
  let state = null;
  let draft = null;
  let options = {};
  // {name, size, password} of every archive an encrypt fix made here: shown until the dialog closes.
  let archives = [];
  // loading → ready ⇄ fixing; ready → countdown → done; anything → done (cancel); loading → error.
  let phase = "loading";
  let countdownTimer = null;
  let countdownDeadline = 0;

  const checkboxes = new Map(); // tickKey → rendered checkbox (members of collapsed groups are not rendered)
  let groupControls = []; // {group, box, progress, members, toggle}
  let externalTickAll = null;

  const titleId = newId("title");
  const header = h("header", { class: "sg-header" });
  const main = h("main", { class: "sg-main", tabindex: "-1" });
  const footer = h("footer", { class: "sg-footer" });
  const live = h("div", { class: "sg-visually-hidden", "aria-live": "polite", "aria-atomic": "true" });
  let statusLine = null;
  let errorLine = null;
  let sendButton = null;
  let cancelButton = null;
  let sendNowButton = null;
  let countdownPanel = null;
  let reasonField = null;
  let reasonHint = null;

  root.textContent = "";
  root.classList.add("sg-dialog");
  root.setAttribute("data-testid", "sg-dialog");
  root.setAttribute("role", "dialog");
  root.setAttribute("aria-modal", "true");
  root.setAttribute("aria-labelledby", titleId);
  root.removeAttribute("data-ready");
  root.append(header, main, footer, live);

  function announce(text) {
    // Re-set so that a repeated message is announced again.
    live.textContent = "";
    win.setTimeout(() => {
      live.textContent = text;
    }, 30);
  }

  function setLocale() {
    t = strings(model?.locale ?? "ja");
    root.setAttribute("lang", model?.locale ?? "ja");
    doc.title = `SendGuard — ${t.title}`;
  }

  // ---- rendering -------------------------------------------------------------------------

  function badge(kind, severity, label, title) {
    return h("span", { class: ["sg-badge", `sg-badge-${kind}`, sevClass(severity)], title }, label);
  }

  function fieldBadges(fields) {
    return fields.map((f) => badge(`field-${f}`, null, t.field[f]));
  }

  function detailText(d) {
    const e = t.evidence;
    const listed = (items, more) => t.list(more ? [...items, e.more(more)] : items);
    switch (d.type) {
      case "subject":
        return e.subject(d.quote);
      case "body":
        return e.body(d.pos, d.quote);
      case "recipients":
        return e.recipients(listed(d.items, d.more));
      case "attachments":
        return e.attachments(listed(d.items, d.more));
      case "inside":
        return e.inside(d.name, d.location, d.quote);
      case "listEntry":
        return e.listEntry(d.address, d.entry);
      case "thread":
        return e.thread(listed(d.items, d.more));
      case "newOrgs":
        return e.newOrgs(listed(d.items, d.more));
      case "massVisible":
        return e.massVisible(d.n, d.o);
      case "keyword":
        return e.keyword(d.keyword, d.count);
      case "risky": {
        const why = e.riskyReason[d.reason];
        return e.risky(d.name, why ? why(d.detail) : d.detail || d.reason);
      }
      case "more":
        return e.more(d.n);
      default:
        return null;
    }
  }

  function fixLabel(fix) {
    if (fix.kind === "encrypt_attachments") return t.fix.encrypt_attachments(fix.names.length);
    if (fix.kind === "move_to_bcc") return t.fix.move_to_bcc(Array.isArray(fix.addresses) ? fix.addresses.length : 0);
    if (fix.kind === "replace_recipient") return t.fix.replace_recipient(String(fix.address), String(fix.with));
    return t.fix.remove_recipient(String(fix.address));
  }

  // A row's tick box and its text, inside one <label> so the whole text toggles it.
  function checkRow(item, content, describedBy) {
    if (!item.required) return h("div", { class: "sg-check sg-check-none" }, content);
    const box = h("input", {
      type: "checkbox",
      "data-required": true,
      "data-tick-key": item.tickKey,
      "aria-describedby": describedBy,
    });
    box.checked = state.ticked.has(item.tickKey);
    checkboxes.set(item.tickKey, box);
    return h("label", { class: "sg-check" }, box, content);
  }

  function renderFinding(f) {
    const detailsId = newId("details");
    // A list that only repeats what the message already names (one address, one file) is left out.
    const repeats = (d) =>
      (d.type === "recipients" || d.type === "attachments" || d.type === "listEntry") &&
      !d.more &&
      (d.items ?? [d.address, d.entry]).every((x) => f.message.includes(x));
    const details = f.details.filter((d) => !repeats(d)).map(detailText).filter(Boolean);
    const content = h(
      "span",
      { class: "sg-check-text" },
      badge(`sev-${f.severity}`, f.severity, t.severity[f.severity]),
      " ",
      h("span", { class: "sg-message" }, f.message || f.id),
    );
    const fixButton = f.fix
      ? h(
          "button",
          {
            type: "button",
            class: "sg-fix",
            "data-fix-kind": f.fix.kind,
            onclick: () => onFix(f.fix),
          },
          fixLabel(f.fix),
        )
      : null;
    const hint = f.hint && t.hint[f.hint] ? h("p", { class: "sg-hint" }, t.hint[f.hint]) : null;
    return h(
      "li",
      { class: ["sg-finding", sevClass(f.severity)], "data-finding-id": f.id },
      checkRow(f, content, details.length ? detailsId : undefined),
      details.length ? h("ul", { class: "sg-details", id: detailsId }, details.map((d) => h("li", {}, d))) : null,
      fixButton,
      hint,
    );
  }

  function reasonsFor(item, extra) {
    // Findings that name many recipients are explained once, in the findings list; the row keeps
    // the badge (with the message as its tooltip) so 4,500 rows do not repeat one sentence.
    const lines = item.findings
      .filter((f) => f.severity !== "info" && f.shared <= SHARED_REASON_OVER && f.message)
      .map((f) => h("li", { class: ["sg-reason", sevClass(f.severity)] }, f.message));
    if (extra) lines.unshift(extra);
    if (!lines.length) return { list: null, id: undefined };
    const id = newId("reasons");
    return { list: h("ul", { class: "sg-reasons", id }, lines), id };
  }

  function renderRecipient(r) {
    const titles = new Map(r.findings.map((f) => [f.id, f.message]));
    const meant = r.didYouMean ? h("li", { class: "sg-reason sg-meant" }, t.didYouMean(r.didYouMean)) : null;
    const { list, id } = reasonsFor(r, meant);
    const who = h(
      "span",
      { class: "sg-who" },
      r.name ? h("span", { class: "sg-name" }, r.name) : null,
      h("span", { class: "sg-address" }, r.address),
    );
    const badges = h(
      "span",
      { class: "sg-badges" },
      fieldBadges(r.fields),
      r.badges.map((b) => badge(b.kind, b.severity, t.badge[b.kind] ?? t.badge.other, titles.get(b.findingId))),
    );
    return h(
      "li",
      {
        class: ["sg-recipient", r.internal ? "sg-internal" : "sg-external", sevClass(r.severity)],
        "data-address": r.address,
        "data-external": String(!r.internal),
      },
      checkRow(r, h("span", { class: "sg-check-text" }, who, " ", badges), id),
      list,
    );
  }

  function fillMembers(ctl) {
    ctl.members.replaceChildren(...ctl.group.members.map(renderRecipient));
    ctl.rendered = true;
  }

  function clearMembers(ctl) {
    for (const m of ctl.group.members) checkboxes.delete(m.tickKey);
    ctl.members.replaceChildren();
    ctl.rendered = false;
  }

  function renderGroup(group) {
    const membersId = newId("members");
    const n = group.members.length;
    const collapsible = n > COLLAPSE_GROUP_OVER;
    const members = h("ul", { class: "sg-members", id: membersId });
    const ctl = { group, members, box: null, progress: null, toggle: null, expanded: !group.collapsed, rendered: false };
    const name = h("span", { class: "sg-domain" }, group.domain || "—");
    const count = h("span", { class: "sg-count" }, t.groupCount(n));
    let head;
    if (group.requiredKeys.length && (group.requiredKeys.length > 1 || group.collapsed)) {
      ctl.box = h("input", {
        type: "checkbox",
        "data-testid": "tick-domain",
        "data-group-key": group.key,
        "aria-label": t.tickDomain(group.domain, group.requiredKeys.length),
      });
      head = h("label", { class: "sg-check sg-group-check" }, ctl.box, h("span", { class: "sg-check-text" }, name, " ", count));
    } else {
      head = h("span", { class: "sg-group-title" }, name, " ", count);
    }
    if (group.requiredKeys.length > 1) ctl.progress = h("span", { class: "sg-group-progress" });
    const flagged = group.flagged && collapsible ? badge("flagged", group.severity, t.groupFlagged(group.flagged)) : null;
    if (collapsible) {
      ctl.toggle = h("button", {
        type: "button",
        class: "sg-toggle",
        "aria-controls": membersId,
        "data-testid": "toggle-domain",
        onclick: () => setExpanded(ctl, !ctl.expanded),
      });
    }
    ctl.li = h(
      "li",
      {
        class: ["sg-group", group.internal ? "sg-group-internal" : "sg-group-external", sevClass(group.severity)],
        "data-domain": group.domainKey,
      },
      h("div", { class: "sg-group-head" }, head, ctl.progress, flagged, ctl.toggle),
      members,
    );
    groupControls.push(ctl);
    setExpanded(ctl, ctl.expanded, false);
    return ctl.li;
  }

  // Members of a collapsed group are not in the page at all: 4,500 rows stay cheap, and a test
  // hook that ticks every visible [data-required] box ticks the group box standing in for them.
  function setExpanded(ctl, expanded, doSync = true) {
    ctl.expanded = expanded;
    if (expanded && !ctl.rendered) fillMembers(ctl);
    if (!expanded && ctl.rendered) clearMembers(ctl);
    ctl.members.hidden = !expanded;
    if (ctl.toggle) {
      ctl.toggle.setAttribute("aria-expanded", String(expanded));
      ctl.toggle.textContent = expanded ? t.hide : t.show(ctl.group.members.length);
    }
    if (ctl.box) ctl.box.toggleAttribute("data-required", !expanded);
    if (doSync) sync();
  }

  function renderSection(cls, heading, body) {
    const id = newId("section");
    return h("section", { class: ["sg-section", cls], "aria-labelledby": id }, h("h2", { id }, heading), body);
  }

  function renderHeader() {
    const action = model.action;
    const explain = typeof t.explain[action] === "function" ? t.explain[action](model.rawAction) : t.explain[action];
    const noFix = (action === "block" || action === "unknown") && !model.findings.some((f) => f.fix);
    const meta = h(
      "dl",
      { class: "sg-meta" },
      model.from?.address ? [h("dt", {}, t.from), h("dd", {}, model.from.name ? `${model.from.name} <${model.from.address}>` : model.from.address)] : null,
      h("dt", {}, t.subject),
      h("dd", { class: model.subject ? null : "sg-empty" }, model.subject || t.noSubject),
    );
    // The headline is the heading: the window title already says "check before sending".
    header.replaceChildren(
      h(
        "div",
        { class: ["sg-banner", `sg-banner-${action}`], role: action === "block" ? "alert" : null },
        h("h1", { id: titleId, class: "sg-headline" }, t.headline[action]),
        h("p", { class: "sg-explain" }, explain, noFix ? ` ${t.hint.blockNoFix}` : ""),
      ),
      meta,
    );
  }

  function renderMain() {
    checkboxes.clear();
    groupControls = [];
    externalTickAll = null;
    const sections = [];
    // An archive's password first: it exists nowhere else, and the user has to pass it on.
    if (model.archives.length) {
      sections.push(renderSection("sg-archive", t.archive.heading, model.archives.map(renderArchive)));
    }
    // Findings first (the why, and the fixes), then the recipients as FlexConfirmMail lists them.
    // recipient.external only counts what the recipients section heading already says.
    const listed = model.findings.filter((f) => f.required || f.id !== "recipient.external");
    if (listed.length) {
      sections.push(renderSection("sg-findings", t.findingsHeading, h("ul", { class: "sg-list" }, listed.map(renderFinding))));
    }
    if (model.external.count) {
      if (model.external.offerTickAll) {
        externalTickAll = h("input", { type: "checkbox", "data-testid": "tick-all-external" });
      }
      sections.push(
        renderSection(
          "sg-recipients sg-recipients-external",
          t.externalHeading(model.external.count, model.external.domainCount),
          [
            externalTickAll
              ? h("label", { class: "sg-check sg-tick-all" }, externalTickAll, h("span", { class: "sg-check-text" }, t.tickAllExternal(model.external.requiredKeys.length)))
              : null,
            h("ul", { class: "sg-groups" }, model.external.groups.map(renderGroup)),
          ],
        ),
      );
    }
    // Attachments sit between external and internal recipients: internal ones need no tick, so a
    // long internal list never buries a file that does (external groups of a mass mail are folded).
    sections.push(
      renderSection(
        "sg-attachments",
        t.attachmentsHeading(model.attachments.length),
        model.attachments.length
          ? h("ul", { class: "sg-list" }, model.attachments.map(renderAttachment))
          : h("p", { class: "sg-empty" }, t.noAttachments),
      ),
    );
    if (model.internal.count) {
      sections.push(
        renderSection("sg-recipients sg-recipients-internal", t.internalHeading(model.internal.count), h("ul", { class: "sg-groups" }, model.internal.groups.map(renderGroup))),
      );
    }
    if (!model.recipients.length) sections.push(h("p", { class: "sg-empty" }, t.noRecipients));
    main.replaceChildren(...sections);
  }

  function renderAttachment(a) {
    const titles = new Map(a.findings.map((f) => [f.id, f.message]));
    const { list, id } = reasonsFor(a, null);
    const byKind = new Map([
      ["risky_type", "attachment.risky_type"],
      ["mismatch", "attachment.mismatch"],
      ["encrypt_recommended", "attachment.unencrypted"],
    ]);
    const content = h(
      "span",
      { class: "sg-check-text" },
      h("span", { class: "sg-file" }, a.name),
      " ",
      h("span", { class: "sg-size" }, a.size === null ? "" : t.size(a.size)),
      " ",
      h("span", { class: "sg-badges" }, a.badges.map((b) => badge(b.kind, b.severity, t.badge[b.kind] ?? t.badge.other, titles.get(byKind.get(b.kind))))),
    );
    return h(
      "li",
      { class: ["sg-attachment", sevClass(a.severity)], "data-name": a.name },
      checkRow(a, content, id),
      list,
    );
  }

  // The password is shown big, with Copy, and the advice to pass it on by another channel; on a
  // sendable verdict a required box says it was noted (the dialog is the only place it exists).
  function renderArchive(a) {
    const labelId = newId("password-label");
    const password = h("code", { class: "sg-password", "data-testid": "archive-password" }, a.password);
    const status = h("p", { class: "sg-copy-status", role: "status" });
    const copy = h(
      "button",
      { type: "button", class: "sg-copy", "data-testid": "copy-password", "aria-label": t.archive.copyLabel, onclick: () => copyPassword(a.password, password, status) },
      t.archive.copy,
    );
    const noted = a.required ? checkRow(a, h("span", { class: "sg-check-text" }, t.archive.noted)) : null;
    return h(
      "div",
      { class: "sg-archive-item", "data-archive-name": a.name },
      h("p", { class: "sg-archive-file" }, t.archive.file(a.name, a.size === null ? "" : t.size(a.size))),
      h("div", { class: "sg-password-row", role: "group", "aria-labelledby": labelId }, h("span", { class: "sg-password-label", id: labelId }, t.archive.passwordLabel), password, copy),
      status,
      h("p", { class: "sg-advice" }, t.archive.advice),
      noted,
    );
  }

  async function copyPassword(text, element, status) {
    let copied = false;
    try {
      if (win.navigator.clipboard?.writeText) {
        await win.navigator.clipboard.writeText(text);
        copied = true;
      }
    } catch {
      copied = false; // not allowed here: the text is selected instead, for Ctrl+C
    }
    if (!copied) {
      const range = doc.createRange();
      range.selectNodeContents(element);
      const selection = win.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    status.textContent = copied ? t.archive.copied : t.archive.selected;
  }

  function renderFooter() {
    reasonField = null;
    reasonHint = null;
    let reasonBlock = null;
    if (model.needsReason) {
      const fieldId = newId("reason");
      const hintId = newId("reason-hint");
      reasonField = h("textarea", {
        id: fieldId,
        "data-testid": "reason",
        rows: "1",
        maxlength: String(MAX_REASON_LENGTH),
        required: true,
        "aria-required": "true",
        "aria-describedby": hintId,
        placeholder: t.reasonPlaceholder,
      });
      reasonField.value = state.reason;
      reasonField.addEventListener("input", () => {
        state = { ...state, reason: reasonField.value };
        sync();
      });
      reasonHint = h("span", { class: "sg-justify-hint", id: hintId });
      reasonBlock = h(
        "div",
        { class: "sg-justify" },
        h("div", { class: "sg-justify-head" }, h("label", { for: fieldId }, t.reasonLabel(MIN_REASON_LENGTH)), reasonHint),
        reasonField,
      );
    }
    statusLine = h("p", { class: "sg-status", role: "status", id: newId("status") });
    errorLine = h("p", { class: "sg-error", role: "alert", hidden: true });
    countdownPanel = h("div", { class: "sg-countdown", hidden: true });
    sendButton = model.sendable
      ? h("button", { type: "button", class: "sg-send", "data-testid": "send", "aria-describedby": statusLine.id, onclick: onSend }, t.send)
      : null;
    sendNowButton = null;
    cancelButton = cancelButtonFor();
    footer.replaceChildren(
      ...(reasonBlock ? [reasonBlock] : []),
      errorLine,
      countdownPanel,
      h("div", { class: "sg-actions" }, statusLine, h("span", { class: "sg-esc-hint", "aria-hidden": "true" }, t.escHint), h("div", { class: "sg-buttons" }, sendButton, cancelButton)),
    );
  }

  function cancelButtonFor() {
    return h(
      "button",
      { type: "button", class: "sg-cancel sg-default", "data-testid": "cancel", "aria-keyshortcuts": "Escape", onclick: () => finish("cancel") },
      t.cancel,
    );
  }

  function renderAll() {
    setLocale();
    renderHeader();
    renderMain();
    renderFooter();
    root.setAttribute("data-action", model.action);
    sync();
  }

  function renderMessageOnly(text, isError) {
    header.replaceChildren(h("div", { class: ["sg-banner", isError ? "sg-banner-block" : "sg-banner-confirm"] }, h("h1", { id: titleId, class: "sg-headline" }, t.title)));
    main.replaceChildren(h("p", { class: isError ? "sg-error" : "sg-loading", role: isError ? "alert" : "status" }, text));
    statusLine = null;
    errorLine = null;
    sendButton = null;
    cancelButton = cancelButtonFor();
    footer.replaceChildren(
      h("div", { class: "sg-actions" }, h("span", { class: "sg-esc-hint", "aria-hidden": "true" }, t.escHint), h("div", { class: "sg-buttons" }, cancelButton)),
    );
  }

  // ---- state → screen ----------------------------------------------------------------------

  // Everything that depends on the state is recomputed here from it, never toggled on its own:
  // Send is enabled only when canSend(state) says so, whatever happened to the DOM.
  function sync() {
    if (!model) return;
    for (const [key, box] of checkboxes) {
      const on = state.ticked.has(key);
      box.checked = on;
      box.closest("li")?.classList.toggle("sg-ticked", on);
    }
    for (const ctl of groupControls) {
      const keys = ctl.group.requiredKeys;
      if (!keys.length) continue;
      const k = keys.filter((key) => state.ticked.has(key)).length;
      if (ctl.box) {
        ctl.box.checked = k === keys.length;
        ctl.box.indeterminate = k > 0 && k < keys.length;
      }
      if (ctl.progress) ctl.progress.textContent = t.groupTicked(k, keys.length);
      ctl.li.classList.toggle("sg-ticked", k === keys.length);
    }
    if (externalTickAll) {
      const keys = model.external.requiredKeys;
      const k = keys.filter((key) => state.ticked.has(key)).length;
      externalTickAll.checked = k === keys.length;
      externalTickAll.indeterminate = k > 0 && k < keys.length;
    }
    const ok = canSend(state);
    const interactive = phase === "ready";
    if (sendButton) {
      sendButton.disabled = !(interactive && ok);
      sendButton.hidden = phase === "countdown";
    }
    for (const b of main.querySelectorAll("button[data-fix-kind]")) b.disabled = !interactive;
    if (reasonHint) {
      const missing = reasonMissing(state.reason);
      reasonHint.textContent = missing ? t.reasonShort(missing) : "";
      reasonField.setAttribute("aria-invalid", String(missing > 0));
    }
    if (statusLine) {
      const left = remainingCount(state);
      let text;
      if (!model.sendable) text = t.blockedStatus;
      else if (left) text = t.pending(left);
      else if (model.needsReason && reasonMissing(state.reason)) text = t.reasonShort(reasonMissing(state.reason));
      else text = t.ready;
      if (phase === "fixing") text = t.fixing;
      if (statusLine.textContent !== text) statusLine.textContent = text;
    }
    root.setAttribute("data-can-send", String(ok));
    root.setAttribute("data-phase", phase);
  }

  function showError(text) {
    if (!errorLine) return;
    errorLine.textContent = text;
    errorLine.hidden = !text;
  }

  // ---- actions -----------------------------------------------------------------------------

  function onChange(event) {
    const box = event.target;
    if (!(box instanceof win.HTMLInputElement) || box.type !== "checkbox" || !state) return;
    if (phase !== "ready") {
      sync(); // a box clicked while a fix is applied goes back to what the state says
      return;
    }
    if (box.dataset.tickKey) {
      state = withTicks(state, [box.dataset.tickKey], box.checked);
    } else if (box.dataset.groupKey) {
      const ctl = groupControls.find((c) => c.group.key === box.dataset.groupKey);
      if (ctl) state = withTicks(state, ctl.group.requiredKeys, box.checked);
    } else if (box === externalTickAll) {
      state = withTicks(state, model.external.requiredKeys, box.checked);
    }
    sync();
  }

  function onSend() {
    if (phase !== "ready") return;
    // Re-checked here, not trusted from the button: a Send enabled by hand does nothing.
    if (!canSend(state)) {
      sync();
      return;
    }
    if (model.countdownSeconds > 0) startCountdown();
    else finish("send");
  }

  function startCountdown() {
    phase = "countdown";
    main.inert = true;
    if (reasonField) reasonField.disabled = true;
    sendNowButton = h(
      "button",
      {
        type: "button",
        class: "sg-send-now",
        "data-testid": "send-now",
        onclick: () => {
          if (phase === "countdown" && canSend(state)) finish("send");
        },
      },
      t.sendNow,
    );
    const timer = h("p", { class: "sg-countdown-text", role: "timer", "aria-live": "off" });
    countdownPanel.replaceChildren(timer, h("p", { class: "sg-countdown-hint" }, t.countdownHint));
    countdownPanel.hidden = false;
    sendButton.before(sendNowButton);
    countdownDeadline = now() + model.countdownSeconds * 1000;
    const tick = () => {
      const left = Math.max(0, Math.ceil((countdownDeadline - now()) / 1000));
      const text = t.countdown(left);
      if (timer.textContent !== text) timer.textContent = text;
      if (left <= 0) {
        stopCountdown();
        if (canSend(state)) finish("send");
      }
    };
    tick();
    countdownTimer = win.setInterval(tick, COUNTDOWN_TICK_MS);
    announce(t.countdown(model.countdownSeconds));
    sync();
    cancelButton.focus();
  }

  function stopCountdown() {
    if (countdownTimer !== null) win.clearInterval(countdownTimer);
    countdownTimer = null;
  }

  async function onFix(suggestion) {
    if (phase !== "ready") return;
    phase = "fixing";
    root.setAttribute("aria-busy", "true");
    showError("");
    sync();
    announce(t.fixing);
    let answer;
    try {
      // A copy: the adapter gets the verdict's suggestion exactly, and cannot change our model.
      answer = await adapter.fix(JSON.parse(JSON.stringify(suggestion)));
    } catch (e) {
      answer = { error: { message: errorMessage(e, t) } };
    }
    if (phase !== "fixing") return; // cancelled meanwhile
    root.removeAttribute("aria-busy");
    phase = "ready";
    if (!answer || typeof answer !== "object" || answer.error || !answer.verdict) {
      const text = t.fixError(errorMessage(answer?.error, t));
      showError(text);
      sync();
      return;
    }
    if (answer.draft) draft = answer.draft;
    const archive = answer.archive;
    const encrypted = Boolean(archive) && typeof archive === "object" && typeof archive.password === "string" && archive.password !== "";
    if (encrypted) archives = [...archives, { name: String(archive.name ?? ""), size: archive.size, password: archive.password }];
    model = buildModel(answer.verdict, draft, options, archives);
    state = initialState(model, state);
    renderAll();
    if (encrypted) {
      // The next thing to do is to take the password: focus its Copy button (Enter copies, sends nothing).
      announce(t.archive.announce);
      const copies = main.querySelectorAll('[data-testid="copy-password"]');
      (copies[copies.length - 1] ?? cancelButton).focus();
    } else {
      announce(t.fixed);
      cancelButton.focus();
    }
  }

  async function finish(outcome) {
    if (phase === "done") return;
    if (outcome === "send" && !(state && canSend(state))) return; // the last line of defence
    stopCountdown();
    phase = "done";
    root.removeAttribute("aria-busy");
    root.setAttribute("data-outcome", outcome);
    main.inert = true;
    for (const el of footer.querySelectorAll("button, textarea")) el.disabled = true;
    if (model) sync();
    const result = state ? resultFor(state, outcome) : { outcome, acknowledged: [], justification: "" };
    const text = outcome === "send" ? t.sending : t.cancelled;
    if (statusLine) statusLine.textContent = text;
    else announce(text);
    try {
      await adapter.done(result);
    } catch (e) {
      showError(t.doneError(errorMessage(e, t)));
    }
  }

  // ---- keyboard ----------------------------------------------------------------------------

  function usable(el) {
    return !el.disabled && !el.hidden && !el.closest("[inert],[hidden]") && el.getClientRects().length > 0;
  }

  function onKeyDown(event) {
    if (event.key === "Escape") {
      // Escape while a Japanese IME is converting belongs to the IME, not to the dialog.
      if (event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      finish("cancel");
      return;
    }
    if (event.key !== "Tab") return;
    // The popup is modal: Tab cycles inside the dialog instead of leaving for the browser chrome.
    const all = root.querySelectorAll("button, input, textarea, select, a[href], [tabindex]:not([tabindex='-1'])");
    let first = null;
    let last = null;
    for (let i = 0; i < all.length && !first; i++) if (usable(all[i])) first = all[i];
    for (let i = all.length - 1; i >= 0 && !last; i--) if (usable(all[i])) last = all[i];
    if (!first) return;
    const active = doc.activeElement;
    const inside = root.contains(active);
    if (event.shiftKey && (active === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  }

  root.addEventListener("change", onChange);
  doc.addEventListener("keydown", onKeyDown);

  // ---- start -------------------------------------------------------------------------------

  setLocale();
  renderMessageOnly(t.loading, false);
  cancelButton.focus();

  const ready = (async () => {
    let answer;
    try {
      answer = await adapter.ready();
    } catch (e) {
      answer = { error: { message: errorMessage(e, t) } };
    }
    if (phase !== "loading") return; // cancelled while waiting
    if (!answer || typeof answer !== "object" || answer.error || !answer.verdict) {
      phase = "error";
      renderMessageOnly(t.loadError(errorMessage(answer?.error, t)), true);
      root.setAttribute("data-action", "error");
      root.setAttribute("data-ready", "true");
      cancelButton.focus();
      return;
    }
    draft = answer.draft ?? {};
    options = answer.options ?? {};
    model = buildModel(answer.verdict, draft, options, archives);
    state = initialState(model);
    phase = "ready";
    renderAll();
    root.setAttribute("data-ready", "true");
    cancelButton.focus();
  })();

  return {
    ready,
    destroy() {
      stopCountdown();
      root.removeEventListener("change", onChange);
      doc.removeEventListener("keydown", onKeyDown);
    },
  };
}

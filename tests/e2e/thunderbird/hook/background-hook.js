// Test builds only: fetches scenarios from the end-to-end test's control server, composes and sends them, reports what happened.
// Loaded as a second background script beside the extension's own (classic or module: no
// import/export, no top-level await), so it shares `browser` with the extension.
(() => {
  "use strict";

  const log = (...args) => console.log("[sg-test-hook]", ...args);
  let controlUrl = null;
  // The scenario being sent; the dialog hook asks for its answer while the compose is locked.
  let current = null;
  const pendingEvents = [];

  async function post(kind, data = {}) {
    const body = JSON.stringify({ at: Date.now(), ...data, kind });
    if (!controlUrl) {
      pendingEvents.push(body);
      return;
    }
    try {
      // text/plain keeps this a CORS "simple" request: no preflight needed.
      await fetch(`${controlUrl}/event`, { method: "POST", headers: { "content-type": "text/plain" }, body });
    } catch (e) {
      log("could not report", kind, String(e));
    }
  }

  function errorInfo(e) {
    return { message: String(e?.message ?? e), stack: String(e?.stack ?? "") };
  }

  // Observe how the extension tells the user something (fail-closed notice): wrap
  // notifications.create, which the extension must call as browser.notifications.create(...).
  try {
    if (browser.notifications?.create) {
      const original = browser.notifications.create;
      browser.notifications.create = function (...args) {
        const options = typeof args[0] === "string" ? args[1] : args[0];
        post("notified", {
          id: current?.id ?? null,
          via: "notification",
          title: String(options?.title ?? ""),
          message: String(options?.message ?? ""),
        });
        return original.apply(this, args);
      };
    }
  } catch (e) {
    post("hook-error", { where: "notifications patch", ...errorInfo(e) });
  }

  // Which scenario a compose tab belongs to, so the extension's own events can be attributed.
  const scenarioOfTab = new Map();
  const scenarioFor = (tabId) => scenarioOfTab.get(tabId) ?? current?.id ?? null;

  // The extension records each step of its send flow as a "sendguard" event on its background
  // global (web-ui/thunderbird/background.js); forwarded as "flow" events for the test's
  // assertions and failure reports.
  try {
    globalThis.addEventListener?.("sendguard", (event) => {
      const detail = event?.detail ?? {};
      let copy;
      try {
        copy = JSON.parse(JSON.stringify(detail));
      } catch {
        copy = { kind: String(detail.kind) };
      }
      post("flow", { id: scenarioFor(detail.tabId), flow: copy.kind, detail: copy });
    });
  } catch (e) {
    post("hook-error", { where: "flow events", ...errorInfo(e) });
  }

  // The notice window is how the extension tells the user that a send was stopped (or went
  // unchecked); it carries what it says in its URL fragment. Reported, then closed so the next
  // scenario starts with no window left over.
  const noticesSeen = new Set();
  browser.tabs?.onUpdated?.addListener((tabId, changeInfo, tab) => {
    const url = changeInfo.url ?? tab?.url ?? "";
    if (!url.includes("/background/notice.html") || noticesSeen.has(tabId)) return;
    noticesSeen.add(tabId);
    let info = {};
    try {
      info = JSON.parse(decodeURIComponent(new URL(url).hash.slice(1)));
    } catch {
      // reported with what there is
    }
    post("notified", { id: current?.id ?? null, via: "window", notice: info.kind ?? null, code: info.code ?? null, title: String(info.title ?? ""), message: String(info.reason ?? "") });
    setTimeout(() => browser.windows.remove(tab.windowId).catch(() => {}), 500);
  });

  // The dialog hook asks what to do; answer with the current scenario's answer.
  browser.runtime.onMessage.addListener((message) => {
    if (message?.type !== "sg-test-answer") return undefined;
    return Promise.resolve({ id: current?.id ?? null, answer: current?.answer ?? null });
  });

  function base64ToBytes(b64) {
    const binary = atob(b64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // GET /next, long-polled by the server; network errors are retried (the server may be busy),
  // and give up after a minute without any answer, which means the test run has gone.
  async function next() {
    let failingSince = null;
    for (;;) {
      try {
        const response = await fetch(`${controlUrl}/next`, { cache: "no-store" });
        if (!response.ok) throw new Error(`GET /next: HTTP ${response.status}`);
        const scenario = await response.json();
        if (scenario.wait) continue;
        return scenario;
      } catch (e) {
        failingSince ??= Date.now();
        if (Date.now() - failingSince > 60_000) throw e;
        await sleep(500);
      }
    }
  }

  async function run(scenario) {
    const { id, compose } = scenario;
    const details = {
      to: compose.to ?? [],
      cc: compose.cc ?? [],
      bcc: compose.bcc ?? [],
      subject: compose.subject ?? "",
      isPlainText: true,
      plainTextBody: compose.body ?? "",
    };
    // identityId needs the accountsRead permission; without it the default identity is used
    // (the test profile has only the one).
    if (compose.identityId && browser.accounts) details.identityId = compose.identityId;
    let tab;
    try {
      tab = await browser.compose.beginNew(details);
      for (const a of compose.attachments ?? []) {
        const file = new File([base64ToBytes(a.content_base64)], a.name, { type: a.content_type ?? "application/octet-stream" });
        await browser.compose.addAttachment(tab.id, { file, name: a.name });
      }
    } catch (e) {
      await post("send-failed", { id, stage: "compose", error: errorInfo(e) });
      return;
    }
    scenarioOfTab.set(tab.id, id);
    await post("composed", { id, tabId: tab.id });
    // t0 is taken right before the call that presses Send; nothing awaited in between.
    const t0 = Date.now();
    const sending = browser.compose.sendMessage(tab.id, { mode: "sendNow" });
    post("send-start", { id, t0 });
    try {
      const result = await sending;
      await post("sent", { id, t0, tookMs: Date.now() - t0, headerMessageId: result?.headerMessageId ?? null, mode: result?.mode ?? null });
    } catch (e) {
      await post("send-failed", { id, t0, tookMs: Date.now() - t0, stage: "send", error: errorInfo(e) });
      // A send that did not happen leaves the compose window open; close it so later
      // scenarios start from the same state.
      try {
        await browser.tabs.remove(tab.id);
      } catch (closeError) {
        log("could not close compose tab", String(closeError));
      }
    }
  }

  async function main() {
    const config = await (await fetch(browser.runtime.getURL("test/config.json"))).json();
    controlUrl = String(config.control_url).replace(/\/+$/, "");
    for (const body of pendingEvents.splice(0)) {
      try {
        await fetch(`${controlUrl}/event`, { method: "POST", headers: { "content-type": "text/plain" }, body });
      } catch (e) {
        log("could not report", String(e));
      }
    }
    const info = await browser.runtime.getBrowserInfo();
    await post("hook-ready", { browser: `${info.name} ${info.version}`, extension: browser.runtime.getManifest().version });
    for (;;) {
      const scenario = await next();
      if (scenario.done) break;
      if (scenario.inspect === "windows") {
        // What is still open, so the test can tell a leaked dialog or compose window.
        const windows = await browser.windows.getAll({ populate: true });
        await post("windows", {
          id: scenario.id,
          windows: windows.map((w) => ({ type: w.type, urls: (w.tabs ?? []).map((t) => t.url ?? "") })),
        });
        continue;
      }
      current = scenario;
      // Not awaited: a send that hangs must not stop the next scenario from being fetched;
      // the test itself times each scenario out.
      run(scenario).catch((e) => post("hook-error", { id: scenario.id, where: "run", ...errorInfo(e) }));
    }
    log("control server says done");
  }

  main().catch((e) => {
    log("hook stopped:", String(e), e?.stack);
    post("hook-error", { where: "main", ...errorInfo(e) });
  });
})();

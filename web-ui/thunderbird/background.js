// Entry of the SendGuard MailExtension: registers every listener synchronously at start-up (so a
// suspended event page is woken for them) and hands each event to the send flow. The flow is
// loaded with import() so that, should it fail to load, sends are stopped rather than let through.

// A bounded log of the flow's events, for the test hook and for debugging in about:debugging.
const EVENT_LOG_SIZE = 200;
globalThis.sendguardEvents = [];

function record(event) {
  const entry = { at: Date.now(), ...event };
  globalThis.sendguardEvents.push(entry);
  if (globalThis.sendguardEvents.length > EVENT_LOG_SIZE) globalThis.sendguardEvents.shift();
  globalThis.dispatchEvent?.(new CustomEvent("sendguard", { detail: entry }));
  if (["fail-closed", "fail-open", "notice-failed", "decision-failed", "decision-lost", "swap-failed"].includes(event.kind)) {
    console.warn("SendGuard:", JSON.stringify(entry));
  }
}

const ready = (async () => {
  const [{ createFlow }, { HostClient }, { createSettings }] = await Promise.all([
    import("./flow.js"),
    import("./host.js"),
    import("./settings.js"),
  ]);
  const host = new HostClient({ connectNative: (name) => browser.runtime.connectNative(name) });
  return createFlow({ api: browser, host, settings: createSettings(browser.storage), record });
})();
ready.then(
  () => record({ kind: "ready" }),
  (e) => console.error("SendGuard: the send flow did not load; every send is stopped.", e),
);

// Shown only when the flow itself could not run; the flow has its own, more specific notices.
const BROKEN_NOTICE = {
  ja: {
    title: "SendGuard が動作していないため送信を中止しました",
    reason: "SendGuard の拡張機能を読み込めませんでした。",
    fix: "Thunderbird を再起動してください。解決しない場合はヘルプデスクに連絡してください。",
    note: "メールは作成ウィンドウに残っています。",
    what_to_do: "対処方法",
    close: "閉じる",
  },
  en: {
    title: "Sending stopped: SendGuard is not working",
    reason: "The SendGuard extension could not be loaded.",
    fix: "Restart Thunderbird. If that does not help, contact your helpdesk.",
    note: "The message is still in the compose window.",
    what_to_do: "What to do",
    close: "Close",
  },
};

function showBrokenNotice(error) {
  const locale = /^ja/i.test(browser.i18n.getUILanguage()) ? "ja" : "en";
  const info = { locale, kind: "stopped", code: "internal", ...BROKEN_NOTICE[locale] };
  record({ kind: "notified", notice: "stopped", code: "internal", reason: String(error?.message ?? error) });
  browser.windows
    .create({
      type: "popup",
      width: 560,
      height: 420,
      url: `${browser.runtime.getURL("background/notice.html")}#${encodeURIComponent(JSON.stringify(info))}`,
    })
    .catch(() => {});
  Promise.resolve()
    .then(() =>
      browser.notifications?.create(`sendguard-broken-${Date.now()}`, {
        type: "basic",
        title: `SendGuard: ${info.title}`,
        message: `${info.reason} ${info.note} ${info.what_to_do}: ${info.fix}`,
      }),
    )
    .catch(() => {});
}

browser.compose.onBeforeSend.addListener(async (tab, details) => {
  try {
    const flow = await ready;
    return await flow.beforeSend(tab, details);
  } catch (e) {
    // The flow catches its own errors; this is the last line: never send unchecked silently.
    console.error("SendGuard: onBeforeSend failed", e);
    showBrokenNotice(e);
    return { cancel: true };
  }
});

browser.compose.onAfterSend.addListener(async (tab, sendInfo) => {
  try {
    await (await ready).afterSend(tab, sendInfo);
  } catch (e) {
    console.error("SendGuard: onAfterSend failed", e);
  }
});

browser.runtime.onMessage.addListener((message, sender) => {
  // Only the dialog's messages are answered here; returning undefined leaves others to other listeners.
  if (typeof message?.type !== "string" || !message.type.startsWith("sg-dialog-")) return undefined;
  return ready
    .then((flow) => flow.onMessage(message, sender))
    .catch((e) => ({ error: { code: "internal", message: String(e?.message ?? e) } }));
});

browser.windows.onRemoved.addListener((windowId) => {
  ready.then((flow) => flow.windowRemoved(windowId)).catch((e) => console.error("SendGuard: onRemoved failed", e));
});

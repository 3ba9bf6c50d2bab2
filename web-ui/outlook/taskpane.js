// Entry of taskpane.html: waits for Office.js, mounts the check dialog with the Outlook adapter over the item being composed, and mounts it afresh when a new Smart Alert opens the pane that is already open.

import { mountDialog } from "../dialog/dialog.js";
import { createOutlookAdapter } from "./outlook-adapter.js";

// Office.onReady fires at once inside Outlook; outside it (a page opened by hand) it may never.
const OFFICE_READY_TIMEOUT_MS = 10 * 1000;

function officeReady(win) {
  return new Promise((resolve) => {
    const timer = win.setTimeout(() => resolve(null), OFFICE_READY_TIMEOUT_MS);
    try {
      win.Office.onReady((info) => {
        win.clearTimeout(timer);
        resolve(info ?? null);
      });
    } catch {
      win.clearTimeout(timer);
      resolve(null);
    }
  });
}

// Stands in for launchevent.js when it did not load: the dialog then says so instead of staying blank.
const missingScript = {
  localeOf: () => "en",
  displayLanguage: () => "en",
  t: () => "SendGuard could not start (launchevent.js did not load). / SendGuard を開始できませんでした。",
};

/** Mounts the pane into the page; returns `{remount()}` (tests and the context-changed event use it). */
export async function startTaskPane(win = window) {
  const doc = win.document;
  const root = doc.getElementById("sg-root");
  const notice = doc.getElementById("sg-notice");
  await officeReady(win);
  const sg = win.SendGuardOutlook;
  const item = win.Office?.context?.mailbox?.item ?? null;
  let mounted = null;

  const show = ({ kind, text }) => {
    notice.dataset.kind = kind;
    notice.textContent = text;
    notice.hidden = false;
  };

  const remount = () => {
    mounted?.destroy();
    notice.hidden = true;
    notice.textContent = "";
    delete notice.dataset.kind;
    const adapter = sg
      ? createOutlookAdapter({ sg, item, onNotice: show })
      : {
          ready: async () => {
            throw new Error(missingScript.t());
          },
          fix: async () => ({ error: { code: "internal", message: missingScript.t() } }),
          done: async () => ({ ok: true }),
        };
    mounted = mountDialog(root, adapter);
    return mounted;
  };

  remount();
  // A new alert's action button while the pane is open does not reload it (Mailbox 1.15).
  const eventType = win.Office?.EventType?.InitializationContextChanged;
  if (item && eventType && typeof item.addHandlerAsync === "function") {
    try {
      item.addHandlerAsync(eventType, () => remount(), () => {});
    } catch {
      // Older clients reload the pane instead.
    }
  }
  return { remount };
}

if (typeof window !== "undefined" && window.document?.getElementById("sg-root")) {
  startTaskPane(window);
}

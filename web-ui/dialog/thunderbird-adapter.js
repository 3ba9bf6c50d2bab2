// Entry of dialog.html in Thunderbird: the dialog adapter over browser.runtime messaging with the background (web-ui/README.md), mounting, and the optional test hook.

import { mountDialog } from "./dialog.js";

/**
 * The adapter `{ready, fix, done}` for a dialog session, over `runtime.sendMessage`.
 * `done` is sent at most once, whatever calls it (the buttons, or closing the window).
 */
export function createThunderbirdAdapter(runtime, session) {
  let doneSent = false;
  const send = async (message) => {
    const answer = await runtime.sendMessage({ ...message, session });
    if (answer === undefined) {
      // No listener answered: the background is gone (extension reloaded, session over).
      throw Object.assign(new Error("no answer from the SendGuard background"), { code: "no_background" });
    }
    return answer;
  };
  return {
    async ready() {
      const answer = await send({ type: "sg-dialog-ready" });
      if (answer?.error) throw Object.assign(new Error(answer.error.message ?? answer.error.code), answer.error);
      return answer;
    },
    // `{verdict, draft}` or `{error: {code, message}}`: the dialog shows the error and stays.
    fix(suggestion) {
      return send({ type: "sg-dialog-fix", suggestion });
    },
    async done(result) {
      if (doneSent) return { ok: true };
      doneSent = true;
      return send({ type: "sg-dialog-done", result });
    },
    get doneSent() {
      return doneSent;
    },
  };
}

/**
 * Mounts the dialog into `#sg-root` for the session named in the page's URL and wires the
 * window: the page closes itself once the background has the result, and closing the window
 * first counts as cancel.
 */
export function startThunderbirdDialog(win = window) {
  const runtime = win.browser?.runtime;
  const root = win.document.getElementById("sg-root");
  if (!runtime?.sendMessage || !root) return null;
  const session = new URLSearchParams(win.location.search).get("session") ?? "";
  const adapter = createThunderbirdAdapter(runtime, session);
  const closeAfter = async (result) => {
    try {
      return await adapter.done(result);
    } finally {
      win.close();
    }
  };
  const dialogAdapter = { ready: adapter.ready, fix: adapter.fix, done: closeAfter };
  const cancelOnClose = () => {
    if (!adapter.doneSent) {
      // Best effort: the page is going away; the background also treats a closed window as cancel.
      adapter.done({ outcome: "cancel", acknowledged: [], justification: "" }).catch(() => {});
    }
  };
  win.addEventListener("pagehide", cancelOnClose);
  win.addEventListener("beforeunload", cancelOnClose);
  return mountDialog(root, dialogAdapter);
}

// A test build ships ../test/dialog-hook.js (scripts/build-xpi --test); a release build does not,
// and the failed import is the expected, silent outcome.
function loadTestHook() {
  import("../test/dialog-hook.js").catch(() => {});
}

if (typeof window !== "undefined" && window.document?.getElementById("sg-root")) {
  startThunderbirdDialog(window);
  loadTestHook();
}

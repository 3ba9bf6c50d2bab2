// Test builds only: answers the check dialog through its real DOM as the end-to-end scenario says, and reports what it saw.
// dialog.html imports this module when it is present; it must never throw into the page.

const ROOT = '[data-testid="sg-dialog"]';
const RENDER_TIMEOUT_MS = 20_000;
const FIX_TIMEOUT_MS = 20_000;
const ENABLE_TIMEOUT_MS = 5_000;

const session = new URLSearchParams(location.search).get("session");
let controlUrl = null;
let scenarioId = null;

async function post(kind, data = {}) {
  try {
    await fetch(`${controlUrl}/event`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ at: Date.now(), id: scenarioId, session, ...data, kind }),
    });
  } catch (e) {
    console.log("[sg-test-dialog-hook] could not report", kind, String(e));
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Resolves with condition()'s first truthy value; re-evaluated on every DOM change and every
// 50 ms (attribute changes on elements that are replaced do not always reach an observer).
function waitFor(condition, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    let done = false;
    const check = () => {
      if (done) return;
      let value;
      try {
        value = condition();
      } catch (e) {
        value = undefined;
      }
      if (value) {
        done = true;
        observer.disconnect();
        clearInterval(poll);
        clearTimeout(timer);
        resolve(value);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
    const poll = setInterval(check, 50);
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      observer.disconnect();
      clearInterval(poll);
      reject(new Error(`dialog hook: ${what} not within ${timeoutMs} ms`));
    }, timeoutMs);
    check();
  });
}

const readyRoot = () => document.querySelector(`${ROOT}[data-ready="true"]`);
const button = (testid) => document.querySelector(`[data-testid="${testid}"]`);
const usable = (el) => el && !el.disabled && el.getAttribute("aria-disabled") !== "true" && !el.hidden;

// What the dialog shows, for the test's assertions.
function snapshot() {
  const root = document.querySelector(ROOT);
  const send = button("send");
  return {
    action: root?.dataset.action ?? null,
    ready: root?.dataset.ready ?? null,
    hasSend: Boolean(send),
    sendEnabled: usable(send),
    hasCancel: Boolean(button("cancel")),
    cancelFocused: document.activeElement === button("cancel"),
    fixKinds: [...document.querySelectorAll("[data-fix-kind]")].map((b) => b.dataset.fixKind),
    required: document.querySelectorAll("[data-required]").length,
    requiredUnticked: [...document.querySelectorAll("[data-required]")].filter((c) => !c.checked).length,
    hasReason: Boolean(button("reason")),
    findingIds: [...new Set([...document.querySelectorAll("[data-finding-id]")].map((e) => e.dataset.findingId))],
    details: [...document.querySelectorAll(".sg-details li")].map((li) => li.textContent),
    messages: [...document.querySelectorAll("[data-finding-id] .sg-message")].map((m) => m.textContent),
  };
}

// Types like a person: one character at a time, each with its input event.
async function typeInto(field, text) {
  field.focus();
  field.value = "";
  field.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "deleteContentBackward" }));
  for (const ch of text) {
    field.value += ch;
    field.dispatchEvent(new InputEvent("input", { bubbles: true, data: ch, inputType: "insertText" }));
    await sleep(5);
  }
  field.dispatchEvent(new Event("change", { bubbles: true }));
}

async function answerDialog(answer) {
  const steps = [];
  if (answer.fix) {
    const fixButton = document.querySelector(`[data-fix-kind="${answer.fix}"]`);
    if (!fixButton) throw new Error(`no fix button [data-fix-kind="${answer.fix}"]; the dialog offers ${JSON.stringify(snapshot().fixKinds)}`);
    const before = document.querySelector(ROOT)?.dataset.action;
    const errorShown = () => {
      const error = document.querySelector(".sg-footer .sg-error:not([hidden])");
      return error && error.textContent ? error.textContent : null;
    };
    fixButton.click();
    // The background checks the fixed draft with the host again (after an encrypt fix, with the
    // archive) and the dialog re-renders; done when it is ready and that fix is no longer
    // offered, or when it shows that the fix failed.
    const outcome = await waitFor(
      () => {
        if (document.querySelector(ROOT)?.dataset.phase !== "ready") return null;
        if (errorShown()) return "failed";
        return readyRoot() && !document.querySelector(`[data-fix-kind="${answer.fix}"]`) ? "fixed" : null;
      },
      FIX_TIMEOUT_MS,
      `re-render after the ${answer.fix} fix`,
    );
    if (outcome === "failed") throw new Error(`the ${answer.fix} fix failed: ${errorShown()}`);
    const after = snapshot();
    // An encrypt fix shows the archive's password: the test opens the archive with it.
    const password = document.querySelector('[data-testid="archive-password"]')?.textContent ?? null;
    steps.push({ step: "fix", kind: answer.fix, before, after: after.action });
    await post("dialog-fixed", { ...after, fix: answer.fix, before, password });
  }

  if (answer.click === "cancel") {
    steps.push({ step: "cancel" });
    await post("dialog-answered", { steps, ...snapshot() });
    button("cancel").click();
    return;
  }

  if (answer.click !== "send") throw new Error(`unknown answer.click ${JSON.stringify(answer.click)}`);
  const beforeTicks = snapshot();
  // One box at a time, looked up afresh: the dialog may re-render on every change.
  const total = beforeTicks.required;
  for (let i = 0; i <= total; i++) {
    const box = [...document.querySelectorAll("[data-required]")].find((c) => !c.checked);
    if (!box) break;
    box.click();
    if (box.isConnected && !box.checked) throw new Error(`clicking required box ${i + 1} of ${total} did not tick it`);
  }
  if (snapshot().requiredUnticked > 0) throw new Error(`required boxes still unticked: ${JSON.stringify(snapshot())}`);
  const afterTicks = snapshot();
  steps.push({ step: "ticked", count: afterTicks.required, sendEnabledBefore: beforeTicks.sendEnabled, sendEnabledAfter: afterTicks.sendEnabled });
  if (answer.reason !== undefined) {
    const reason = button("reason");
    if (!reason) throw new Error("answer has a reason but the dialog has no [data-testid=reason]");
    await typeInto(reason, answer.reason);
    steps.push({ step: "reason", length: answer.reason.length });
  }
  const send = await waitFor(() => (usable(button("send")) ? button("send") : null), ENABLE_TIMEOUT_MS, "an enabled Send button").catch(
    (e) => {
      throw new Error(`${e.message}; dialog state ${JSON.stringify(snapshot())}`);
    },
  );
  steps.push({ step: "send" });
  await post("dialog-answered", { steps, beforeTicks, ...snapshot() });
  send.click();
  // With a countdown the dialog offers "Send now"; the profile sets none, but do not hang on it.
  const sendNow = await waitFor(() => (usable(button("send-now")) ? button("send-now") : null), 1_000, "send-now").catch(() => null);
  if (sendNow) {
    await post("dialog-countdown", {});
    sendNow.click();
  }
}

async function main() {
  const config = await (await fetch(browser.runtime.getURL("test/config.json"))).json();
  controlUrl = String(config.control_url).replace(/\/+$/, "");
  await waitFor(readyRoot, RENDER_TIMEOUT_MS, `${ROOT}[data-ready=true]`);
  // The figure the closing note quotes: when the rendered dialog is there to be read.
  const shownAt = Date.now();
  const reply = await browser.runtime.sendMessage({ type: "sg-test-answer", session });
  if (!reply || !("answer" in reply)) {
    throw new Error(
      `sg-test-answer got ${JSON.stringify(reply)}: some other onMessage listener answered it ` +
        "(the extension's listeners must return undefined for message types they do not handle)",
    );
  }
  scenarioId = reply.id;
  await post("dialog-shown", { t: shownAt, ...snapshot() });
  if (!reply.answer) throw new Error("no scenario is being sent, so there is no answer");
  await answerDialog(reply.answer);
}

main().catch(async (e) => {
  console.log("[sg-test-dialog-hook]", String(e), e?.stack);
  if (controlUrl) await post("dialog-error", { message: String(e?.message ?? e), state: snapshot() });
  // Leave nothing locked: cancel, so the next scenario is not stuck behind this one.
  try {
    button("cancel")?.click();
  } catch {
    // nothing more to do
  }
});

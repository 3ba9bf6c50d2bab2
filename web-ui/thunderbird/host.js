// Native-messaging client for the sendguard host: one runtime.connectNative port shared by all
// requests, matched to answers by id, each with its own deadline; reconnects after a disconnect.

export const HOST_NAME = "sendguard";

// The host refuses a frame announcing more than this and exits (docs/api.md "Native messaging"),
// so a bigger request is refused here, before it costs the host process.
export const MAX_REQUEST_BYTES = 96 * 1024 * 1024;

// The port (and with it the host process and the event page) stays open this long after the last
// answer, so a send's check, dialog fixes and decision share one host process.
export const IDLE_CLOSE_MS = 60 * 1000;

/** A failed request. `code` is the host's error code, or one of host_missing, host_timeout, host_disconnected. */
export class HostError extends Error {
  constructor(code, message, { path, method } = {}) {
    super(message);
    this.name = "HostError";
    this.code = code;
    if (path) this.path = path;
    if (method) this.method = method;
  }
}

// How Thunderbird reports a host without a usable manifest ("No such native application …").
const MISSING_HOST = /No such native application|does not exist, or is not executable/i;
// Thunderbird 153 reports a manifest whose program cannot be started only with this generic
// message; before the host has said anything, it means the host is not (properly) installed.
const START_FAILED = /An unexpected error occurred/i;

// Printable ASCII that JSON writes as is: every character one byte. Base64 always matches.
const PLAIN_JSON_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * UTF-8 size of `value` as JSON, without building the JSON text (a draft can be tens of MB).
 * Strings are measured by one regular expression when they are plain ASCII: a loop per
 * character runs interpreted in Thunderbird's extension process (about 260 ns each, 1.8 s for
 * a 5 MiB attachment's base64), the regular expression in about 10 ms.
 */
export function jsonByteLength(value) {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case "string": {
      if (PLAIN_JSON_STRING.test(value)) return value.length + 2;
      let n = 2;
      for (let i = 0; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) n += 2;
        else if (c < 0x20) n += 6; // \u00XX
        else if (c < 0x80) n += 1;
        else if (c < 0x800) n += 2;
        else if (c >= 0xd800 && c <= 0xdbff) {
          n += 4;
          i++;
        } else n += 3;
      }
      return n;
    }
    case "number":
    case "boolean":
      return String(value).length;
    case "object": {
      // Brackets, plus a comma between members and a colon after each key.
      if (Array.isArray(value)) return value.reduce((sum, v) => sum + jsonByteLength(v), 2 + Math.max(0, value.length - 1));
      const members = Object.entries(value).filter(([, v]) => v !== undefined);
      return members.reduce((sum, [k, v]) => sum + jsonByteLength(k) + 1 + jsonByteLength(v), 2 + Math.max(0, members.length - 1));
    }
    default:
      return 0;
  }
}

export class HostClient {
  #connectNative;
  #name;
  #timers;
  #idleCloseMs;
  #port = null;
  #pending = new Map(); // id -> {resolve, reject, timer, port, method}
  #nextId = 1;
  #idleTimer = null;
  #holds = 0;

  /**
   * `connectNative(name)` returns a Port (runtime.connectNative in the extension, a fake in
   * tests); `timers` supplies setTimeout/clearTimeout.
   */
  constructor({ connectNative, name = HOST_NAME, timers = globalThis, idleCloseMs = IDLE_CLOSE_MS }) {
    this.#connectNative = connectNative;
    this.#name = name;
    this.#timers = timers;
    this.#idleCloseMs = idleCloseMs;
  }

  /** True while a port to the host is open. */
  get connected() {
    return this.#port !== null;
  }

  /**
   * Sends `{id, method, params}` and resolves with the answer's `result`, or rejects with a
   * HostError: the host's `error`, or host_timeout after `timeoutMs`, or host_missing /
   * host_disconnected when the port closes first.
   */
  request(method, params, timeoutMs) {
    return new Promise((resolve, reject) => {
      const id = String(this.#nextId++);
      const envelope = params === undefined ? { id, method } : { id, method, params };
      const size = jsonByteLength(envelope);
      if (size > MAX_REQUEST_BYTES) {
        reject(new HostError("too_large", `request of ${size} bytes exceeds ${MAX_REQUEST_BYTES}`, { method }));
        return;
      }
      let port;
      try {
        port = this.#connect();
      } catch (e) {
        reject(new HostError("host_missing", String(e?.message ?? e), { method }));
        return;
      }
      const timer = this.#timers.setTimeout(() => {
        if (!this.#pending.delete(id)) return;
        reject(new HostError("host_timeout", `no answer to ${method} within ${timeoutMs} ms`, { method }));
        // The host answers in order: one stuck request would hold up every later one. A new
        // process on the next request is the way out.
        this.#drop(port, "host_disconnected", `closed after ${method} timed out`);
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer, port, method });
      this.#stopIdleTimer();
      try {
        port.postMessage(envelope);
      } catch (e) {
        this.#drop(port, "host_disconnected", String(e?.message ?? e));
      }
    });
  }

  /** Keeps the port open until the returned function is called (a dialog may wait for the user). */
  retain() {
    this.#holds++;
    this.#stopIdleTimer();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds--;
      this.#maybeStartIdleTimer();
    };
  }

  /** Closes the port; pending requests fail with host_disconnected. */
  close() {
    if (this.#port) this.#drop(this.#port, "host_disconnected", "closed by the extension");
  }

  #connect() {
    if (this.#port) return this.#port;
    const port = this.#connectNative(this.#name);
    let heardFrom = false;
    port.onMessage.addListener((message) => {
      heardFrom = true;
      this.#onMessage(port, message);
    });
    port.onDisconnect.addListener((p) => {
      const why = p?.error?.message ?? port.error?.message ?? "";
      const missing = MISSING_HOST.test(why) || (!heardFrom && START_FAILED.test(why));
      const code = missing ? "host_missing" : "host_disconnected";
      this.#fail(port, code, why || "the host closed the connection");
    });
    this.#port = port;
    return port;
  }

  #onMessage(port, message) {
    if (!message || typeof message !== "object") return;
    const id = message.id;
    if (id === null || id === undefined) {
      // Only a frame the host could not read has no id; the host exits after it.
      const err = message.error ?? {};
      this.#fail(port, err.code ?? "host_error", err.message ?? "the host refused a request");
      return;
    }
    const entry = this.#pending.get(String(id));
    if (!entry) return; // answer to a request that already timed out
    this.#pending.delete(String(id));
    this.#timers.clearTimeout(entry.timer);
    if (message.error) {
      const { code = "host_error", message: text = "", path } = message.error;
      entry.reject(new HostError(code, text, { path, method: entry.method }));
    } else {
      entry.resolve(message.result);
    }
    this.#maybeStartIdleTimer();
  }

  // Disconnects our side; Thunderbird does not fire onDisconnect for it, so fail pending here.
  #drop(port, code, why) {
    try {
      port.disconnect();
    } catch {
      // Already gone.
    }
    this.#fail(port, code, why);
  }

  #fail(port, code, why) {
    if (this.#port === port) this.#port = null;
    for (const [id, entry] of this.#pending) {
      if (entry.port !== port) continue;
      this.#pending.delete(id);
      this.#timers.clearTimeout(entry.timer);
      entry.reject(new HostError(code, why, { method: entry.method }));
    }
    this.#maybeStartIdleTimer();
  }

  #stopIdleTimer() {
    if (this.#idleTimer !== null) {
      this.#timers.clearTimeout(this.#idleTimer);
      this.#idleTimer = null;
    }
  }

  #maybeStartIdleTimer() {
    this.#stopIdleTimer();
    if (!this.#port || this.#pending.size > 0 || this.#holds > 0) return;
    const port = this.#port;
    this.#idleTimer = this.#timers.setTimeout(() => {
      this.#idleTimer = null;
      if (this.#port === port && this.#pending.size === 0 && this.#holds === 0) {
        this.#port = null;
        try {
          port.disconnect();
        } catch {
          // Already gone.
        }
      }
    }, this.#idleCloseMs);
  }
}

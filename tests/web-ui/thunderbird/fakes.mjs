// Fakes of what the Thunderbird extension talks to (the browser API, a native-messaging port, the
// host, timers), for the Node tests of web-ui/thunderbird.

/** Timers driven by hand: `advance(ms)` runs what falls due, in order. */
export function manualTimers() {
  let now = 0;
  let nextId = 1;
  const due = new Map(); // id -> {at, fn}
  return {
    setTimeout(fn, ms) {
      const id = nextId++;
      due.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(id) {
      due.delete(id);
    },
    get pending() {
      return due.size;
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const next = [...due.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = until;
    },
  };
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A runtime.Port as connectNative returns it, recording what was posted. */
export function fakePort() {
  const messageListeners = [];
  const disconnectListeners = [];
  const port = {
    posted: [],
    disconnected: false,
    error: null,
    onMessage: { addListener: (fn) => messageListeners.push(fn) },
    onDisconnect: { addListener: (fn) => disconnectListeners.push(fn) },
    postMessage(message) {
      if (port.disconnected) throw new Error("Attempt to postMessage on disconnected port");
      port.posted.push(JSON.parse(JSON.stringify(message)));
    },
    disconnect() {
      port.disconnected = true;
    },
    // Test side: the host answers, or goes away.
    answer(message) {
      for (const fn of messageListeners) fn(message);
    },
    hostGone(errorMessage) {
      port.disconnected = true;
      port.error = errorMessage ? { message: errorMessage } : null;
      for (const fn of disconnectListeners) fn(port);
    },
  };
  return port;
}

/** A storage area (storage.local / storage.session) in memory. */
export function memoryArea(initial = {}) {
  const data = structuredClone(initial);
  return {
    data,
    async get(keys) {
      if (keys === undefined || keys === null) return structuredClone(data);
      const list = Array.isArray(keys) ? keys : [keys];
      const out = {};
      for (const k of list) if (k in data) out[k] = structuredClone(data[k]);
      return out;
    },
    async set(items) {
      Object.assign(data, structuredClone(items));
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) delete data[k];
    },
  };
}

/** storage.managed without a policy (Thunderbird rejects), or with one. */
export function managedArea(policy) {
  return {
    async get(key) {
      if (!policy) throw new Error("Managed storage manifest not found");
      return key in policy ? { [key]: policy[key] } : {};
    },
  };
}

/** A File as compose.getAttachmentFile resolves it. */
export function fakeFile(bytes, type = "") {
  const data = bytes instanceof Uint8Array ? bytes : new TextEncoder().encode(String(bytes));
  return { size: data.length, type, arrayBuffer: async () => data.slice().buffer };
}

/**
 * The `browser` object the flow uses. `attachments`: [{id, name, size, file}], the compose tab's,
 * changed by compose.addAttachment / removeAttachment (each call is recorded in
 * `api.compose.calls`; `composeFailures.add` / `.remove`, when set, is thrown by the next such
 * call); `messages`: id → MessageHeader; `onWindow(createOptions, id)` is called for every
 * window created.
 */
export function fakeBrowser({
  attachments: initialAttachments = [],
  composeFailures = {},
  messages = {},
  uiLanguage = "ja",
  local = {},
  managed,
  session = true,
  mailingLists = {},
  onWindow = () => {},
} = {}) {
  let windowId = 100;
  let attachmentId = 1000;
  const attachments = [...initialAttachments];
  const failOnce = (what) => {
    const error = composeFailures[what];
    if (!error) return;
    delete composeFailures[what];
    throw error;
  };
  const api = {
    windows: {
      created: [],
      removed: [],
      async create(options) {
        const id = windowId++;
        api.windows.created.push({ id, ...options });
        queueMicrotask(() => onWindow(options, id));
        return { id };
      },
      async remove(id) {
        api.windows.removed.push(id);
      },
    },
    runtime: {
      id: "thunderbird@sendguard.example",
      getURL: (p) => `moz-extension://sendguard/${p}`,
      async getBrowserInfo() {
        return { name: "Thunderbird", vendor: "Mozilla", version: "153.7.0" };
      },
    },
    i18n: { getUILanguage: () => uiLanguage },
    compose: {
      attachments,
      calls: [],
      async listAttachments() {
        return attachments.map(({ id, name, size }) => ({ id, name, size }));
      },
      async addAttachment(tabId, data) {
        api.compose.calls.push({ method: "addAttachment", tabId, name: data.name });
        failOnce("add");
        const file = data.file;
        const a = { id: attachmentId++, name: data.name ?? file.name, size: file.size, file };
        attachments.push(a);
        return { id: a.id, name: a.name, size: a.size };
      },
      async removeAttachment(tabId, id) {
        api.compose.calls.push({ method: "removeAttachment", tabId, id });
        failOnce("remove");
        const at = attachments.findIndex((a) => a.id === id);
        if (at < 0) throw new Error(`Invalid attachment: ${id}`);
        attachments.splice(at, 1);
      },
      async getAttachmentFile(id) {
        const a = attachments.find((x) => x.id === id);
        if (!a?.file) throw new Error(`no file for attachment ${id}`);
        return a.file;
      },
    },
    messages: {
      async get(id) {
        if (!(id in messages)) throw new Error(`message ${id} not found`);
        return messages[id];
      },
    },
    messengerUtilities: {
      async parseMailboxString(text, options) {
        const m = /^(.*?)\s*<([^<>]*)>$/.exec(text.trim());
        const name = m ? m[1] : text;
        if (options?.expandMailingLists && name in mailingLists) {
          return mailingLists[name].map(([n, email]) => ({ name: n, email }));
        }
        return [{ name, email: m ? m[2] : text }];
      },
    },
    notifications: {
      created: [],
      async create(id, options) {
        api.notifications.created.push({ id, ...options });
        return id;
      },
    },
    storage: {
      local: memoryArea(local),
      session: session ? memoryArea() : undefined,
      managed: managedArea(managed),
    },
  };
  return api;
}

/**
 * A host for the flow: `respond(method, params, n)` returns the result, or throws an object
 * with `code` (a HostError-like failure). Records every request.
 */
export function fakeHost(respond) {
  const host = {
    requests: [],
    retained: 0,
    async request(method, params, timeoutMs) {
      host.requests.push({ method, params: structuredClone(params), timeoutMs });
      const n = host.requests.filter((r) => r.method === method).length;
      return respond(method, params, n);
    },
    retain() {
      host.retained++;
      return () => {
        host.retained--;
      };
    },
    of(method) {
      return host.requests.filter((r) => r.method === method);
    },
  };
  return host;
}

/** A HostError-like failure as host.js rejects with it. */
export function hostFailure(code, message = code) {
  return Object.assign(new Error(message), { name: "HostError", code });
}

/** A verdict as the host returns it. */
export function verdict(action, checkId, extra = {}) {
  return {
    check_id: checkId,
    action,
    score: action === "allow" ? 0 : 7,
    thresholds: { confirm: 1, justify: 8, block: 15 },
    policy_version: "1-test",
    locale: "ja",
    findings: [],
    recipients: [],
    attachments: [],
    client: { fail_mode: "closed", host_timeout_seconds: 20, countdown_seconds: 0 },
    ...extra,
  };
}

// The control server the test-build hooks talk to: hands out scenarios (GET /next) and collects events (POST /event).
import http from "node:http";
import { EventEmitter } from "node:events";

// A held GET /next is answered {"wait": true} after this long, so no client or proxy timeout
// ever sees an idle request; the hook simply asks again.
const LONG_POLL_MS = 20_000;
const MAX_EVENT_BYTES = 1024 * 1024;

export class ControlServer extends EventEmitter {
  constructor() {
    super();
    this.queue = [];
    this.waiting = []; // held GET /next responses
    this.events = []; // {kind, id?, at, receivedAt, ...}
    this.done = false;
    this.sockets = new Set();
    this.server = http.createServer((req, res) => this.#handle(req, res));
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
  }

  async start() {
    await new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", resolve);
    });
    this.url = `http://127.0.0.1:${this.server.address().port}`;
    return this.url;
  }

  async stop() {
    this.finish();
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(() => resolve()));
  }

  // Hands a scenario to the hook (now, or when it next asks).
  enqueue(scenario) {
    this.queue.push(scenario);
    this.#flush();
  }

  // From now on GET /next answers {"done": true}.
  finish() {
    this.done = true;
    this.#flush();
  }

  eventsFor(id) {
    return this.events.filter((e) => e.id === id);
  }

  // Resolves with the first event (already received or future) that satisfies predicate.
  waitForEvent(predicate, timeoutMs, what) {
    const found = this.events.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onEvent = (e) => {
        if (!predicate(e)) return;
        clearTimeout(timer);
        this.off("event", onEvent);
        resolve(e);
      };
      const timer = setTimeout(() => {
        this.off("event", onEvent);
        reject(new Error(`no ${what} event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on("event", onEvent);
    });
  }

  #flush() {
    while (this.waiting.length && (this.queue.length || this.done)) {
      const { res, timer } = this.waiting.shift();
      clearTimeout(timer);
      this.#json(res, 200, this.queue.length ? this.queue.shift() : { done: true });
    }
  }

  #json(res, status, value) {
    if (res.writableEnded) return;
    const body = JSON.stringify(value);
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...this.#cors() });
    res.end(body);
  }

  // The hooks run in moz-extension:// pages; without host permissions their fetches are CORS.
  #cors() {
    return { "access-control-allow-origin": "*", "access-control-allow-headers": "content-type", "access-control-allow-methods": "GET, POST" };
  }

  #handle(req, res) {
    const path = new URL(req.url, "http://127.0.0.1").pathname;
    if (req.method === "OPTIONS") {
      res.writeHead(204, this.#cors());
      return res.end();
    }
    if (req.method === "GET" && path === "/next") {
      const entry = { res, timer: null };
      entry.timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== entry);
        this.#json(res, 200, { wait: true });
      }, LONG_POLL_MS);
      res.on("close", () => {
        clearTimeout(entry.timer);
        this.waiting = this.waiting.filter((w) => w !== entry);
      });
      this.waiting.push(entry);
      return this.#flush();
    }
    if (req.method === "POST" && path === "/event") {
      const chunks = [];
      let size = 0;
      req.on("data", (c) => {
        size += c.length;
        if (size <= MAX_EVENT_BYTES) chunks.push(c);
      });
      req.on("end", () => {
        let event;
        try {
          event = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch (e) {
          event = { kind: "unreadable-event", error: String(e) };
        }
        event.receivedAt = Date.now();
        this.events.push(event);
        this.emit("event", event);
        this.#json(res, 200, { ok: true });
      });
      return;
    }
    this.#json(res, 404, { error: "not found" });
  }
}

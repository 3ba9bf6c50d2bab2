// host.js: the native-messaging client over a fake port: ids, timeouts, disconnects, limits.
import { test } from "node:test";
import assert from "node:assert/strict";

import { HostClient, HostError, MAX_REQUEST_BYTES, jsonByteLength } from "../../../web-ui/thunderbird/host.js";
import { fakePort, manualTimers, settle } from "./fakes.mjs";

function client({ idleCloseMs = 60_000 } = {}) {
  const timers = manualTimers();
  const ports = [];
  const host = new HostClient({
    connectNative: (name) => {
      assert.equal(name, "sendguard");
      const port = fakePort();
      ports.push(port);
      return port;
    },
    timers,
    idleCloseMs,
  });
  return { host, timers, ports };
}

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail("expected a rejection");
}

test("answers are matched to requests by id, in whatever order they come", async () => {
  const { host, ports } = client();
  const a = host.request("check", { subject: "a" }, 20_000);
  const b = host.request("health", undefined, 20_000);
  assert.equal(ports.length, 1, "one port for both");
  const [first, second] = ports[0].posted;
  assert.equal(first.method, "check");
  assert.deepEqual(first.params, { subject: "a" });
  assert.equal("params" in second, false, "health without params");
  assert.notEqual(first.id, second.id);
  assert.equal(typeof first.id, "string");
  ports[0].answer({ id: second.id, result: { status: "ok" } });
  ports[0].answer({ id: first.id, result: { action: "allow" } });
  assert.deepEqual(await a, { action: "allow" });
  assert.deepEqual(await b, { status: "ok" });
});

test("an error answer rejects with the host's code, message and path", async () => {
  const { host, ports } = client();
  const p = host.request("check", {}, 20_000);
  ports[0].answer({ id: ports[0].posted[0].id, error: { code: "invalid_request", message: "bad address", path: "/params/to/1" } });
  const e = await rejection(p);
  assert.ok(e instanceof HostError);
  assert.equal(e.code, "invalid_request");
  assert.equal(e.message, "bad address");
  assert.equal(e.path, "/params/to/1");
  assert.equal(e.method, "check");
});

test("a request without an answer times out; the stuck host is let go and the next request starts a new one", async () => {
  const { host, timers, ports } = client();
  const slow = host.request("check", {}, 20_000);
  const other = host.request("decision", {}, 60_000);
  timers.advance(19_999);
  await settle();
  timers.advance(1);
  const e = await rejection(slow);
  assert.equal(e.code, "host_timeout");
  assert.equal(ports[0].disconnected, true);
  // The other request on the same port cannot be answered any more.
  assert.equal((await rejection(other)).code, "host_disconnected");
  // A late answer from the old port changes nothing.
  ports[0].answer({ id: ports[0].posted[0].id, result: { action: "allow" } });
  const again = host.request("check", {}, 20_000);
  assert.equal(ports.length, 2);
  ports[1].answer({ id: ports[1].posted[0].id, result: { action: "confirm" } });
  assert.deepEqual(await again, { action: "confirm" });
});

test("a host that is not installed is host_missing; one that exits is host_disconnected; both reconnect", async () => {
  const { host, ports } = client();
  const p = host.request("check", {}, 20_000);
  ports[0].hostGone("No such native application sendguard");
  assert.equal((await rejection(p)).code, "host_missing");
  assert.equal(host.connected, false);

  const q = host.request("check", {}, 20_000);
  assert.equal(ports.length, 2);
  ports[1].hostGone(null);
  assert.equal((await rejection(q)).code, "host_disconnected");

  const r = host.request("check", {}, 20_000);
  ports[2].hostGone('File at path "/opt/sendguard" does not exist, or is not executable');
  assert.equal((await rejection(r)).code, "host_missing");

  // Thunderbird 153 says only this when the manifest's program cannot be started.
  const s = host.request("check", {}, 20_000);
  ports[3].hostGone("An unexpected error occurred");
  assert.equal((await rejection(s)).code, "host_missing");

  // The same words after the host has answered mean it went away, not that it is missing.
  const t = host.request("health", undefined, 20_000);
  ports[4].answer({ id: ports[4].posted[0].id, result: { status: "ok" } });
  await t;
  const u = host.request("check", {}, 20_000);
  ports[4].hostGone("An unexpected error occurred");
  assert.equal((await rejection(u)).code, "host_disconnected");
});

test("a frame with id null (the host could not read the request) fails what is pending", async () => {
  const { host, ports } = client();
  const p = host.request("check", {}, 20_000);
  ports[0].answer({ id: null, error: { code: "too_large", message: "frame too large" } });
  assert.equal((await rejection(p)).code, "too_large");
});

test("a request larger than the host accepts is refused before anything is sent", async () => {
  const { host, ports } = client();
  const e = await rejection(host.request("check", { blob: "x".repeat(MAX_REQUEST_BYTES) }, 20_000));
  assert.equal(e.code, "too_large");
  assert.equal(ports.length, 0);
});

test("connectNative throwing is host_missing", async () => {
  const host = new HostClient({
    connectNative: () => {
      throw new Error("nativeMessaging permission missing");
    },
    timers: manualTimers(),
  });
  assert.equal((await rejection(host.request("health", undefined, 1000))).code, "host_missing");
});

test("postMessage on a port that died is host_disconnected", async () => {
  const { host, ports } = client();
  const first = host.request("health", undefined, 1000);
  ports[0].disconnected = true; // gone without onDisconnect having fired yet
  const e = await rejection(host.request("health", undefined, 1000));
  assert.equal(e.code, "host_disconnected");
  assert.equal((await rejection(first)).code, "host_disconnected");
});

test("the port closes after being idle, not while retained or while requests are pending", async () => {
  const { host, timers, ports } = client({ idleCloseMs: 1000 });
  const release = host.retain();
  const p = host.request("health", undefined, 5000);
  ports[0].answer({ id: ports[0].posted[0].id, result: { status: "ok" } });
  await p;
  timers.advance(5000);
  assert.equal(ports[0].disconnected, false, "retained: stays open");
  release();
  release(); // twice is once
  timers.advance(999);
  assert.equal(ports[0].disconnected, false);
  timers.advance(1);
  assert.equal(ports[0].disconnected, true);
  assert.equal(host.connected, false);
  const q = host.request("health", undefined, 5000);
  assert.equal(ports.length, 2, "a new port after the idle close");
  ports[1].answer({ id: ports[1].posted[0].id, result: { status: "ok" } });
  await q;
});

test("the JSON size is counted in UTF-8 bytes without building the JSON", () => {
  const samples = [
    null,
    true,
    7.5,
    "",
    "ascii",
    "佐藤 花子",
    "emoji 😀 and \u0001 control, \"quote\" \\ backslash\n\ttab",
    Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256)).toString("base64"), // the fast path
    "plain ASCII / with ~ and \x7f, then one é", // falls back to counting, after a long plain start
    { id: "1", method: "check", params: { to: [{ name: "山田", address: "y@corp.example" }], n: 3, flag: false } },
    [1, "two", { three: [3] }],
  ];
  for (const value of samples) {
    assert.equal(jsonByteLength(value), Buffer.byteLength(JSON.stringify(value)), JSON.stringify(value));
  }
  // undefined members are left out, as JSON.stringify does.
  assert.equal(jsonByteLength({ a: 1, b: undefined }), Buffer.byteLength(JSON.stringify({ a: 1, b: undefined })));
});

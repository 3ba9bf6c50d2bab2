// settings.js: defaults, what the host said last, and the administrator's override.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  DEFAULT_CLIENT,
  LAST_CLIENT_KEY,
  createSettings,
  normalizeClient,
} from "../../../web-ui/thunderbird/settings.js";
import { managedArea, memoryArea } from "./fakes.mjs";

test("before the host has ever answered: fail closed, 20 s timeout, no countdown", async () => {
  const settings = createSettings({ local: memoryArea(), managed: managedArea() });
  assert.deepEqual(await settings.current(), { fail_mode: "closed", host_timeout_seconds: 20, countdown_seconds: 0 });
  assert.deepEqual(DEFAULT_CLIENT, { fail_mode: "closed", host_timeout_seconds: 20, countdown_seconds: 0 });
});

test("the last client settings from the host are remembered; missing fields keep their value", async () => {
  const local = memoryArea();
  const settings = createSettings({ local, managed: managedArea() });
  await settings.remember({ fail_mode: "open", host_timeout_seconds: 5, countdown_seconds: 10 });
  await settings.remember({ countdown_seconds: 3 });
  assert.deepEqual(local.data[LAST_CLIENT_KEY], { fail_mode: "open", host_timeout_seconds: 5, countdown_seconds: 3 });
  assert.deepEqual(await settings.current(), { fail_mode: "open", host_timeout_seconds: 5, countdown_seconds: 3 });
});

test("policies.json's fail_mode (storage.managed) overrides the host's", async () => {
  const local = memoryArea({ [LAST_CLIENT_KEY]: { fail_mode: "open", host_timeout_seconds: 5, countdown_seconds: 0 } });
  assert.equal((await createSettings({ local, managed: managedArea({ fail_mode: "closed" }) }).current()).fail_mode, "closed");
  const noOverride = createSettings({ local: memoryArea(), managed: managedArea({ fail_mode: "open" }) });
  assert.equal((await noOverride.current()).fail_mode, "open");
  const nonsense = createSettings({ local, managed: managedArea({ fail_mode: "sometimes" }) });
  assert.equal((await nonsense.current()).fail_mode, "open", "an invalid policy value is ignored");
});

test("invalid or out-of-range values never disable the timeout", () => {
  assert.deepEqual(
    normalizeClient({ fail_mode: "maybe", host_timeout_seconds: 0, countdown_seconds: -1 }),
    DEFAULT_CLIENT,
  );
  assert.deepEqual(normalizeClient({ host_timeout_seconds: "20" }), DEFAULT_CLIENT);
  assert.deepEqual(normalizeClient({ host_timeout_seconds: Infinity }), DEFAULT_CLIENT);
  assert.deepEqual(normalizeClient(null), DEFAULT_CLIENT);
  assert.equal(normalizeClient({ host_timeout_seconds: 2.5 }).host_timeout_seconds, 2.5);
});

test("broken storage falls back to the defaults, which fail closed", async () => {
  const broken = {
    local: {
      get: async () => {
        throw new Error("storage is corrupt");
      },
      set: async () => {
        throw new Error("storage is corrupt");
      },
    },
  };
  const settings = createSettings(broken);
  await settings.remember({ fail_mode: "open" });
  assert.deepEqual(await settings.current(), DEFAULT_CLIENT);
});

test("a storage.managed that never answers does not hold up the send", async () => {
  const settings = createSettings({ local: memoryArea(), managed: { get: () => new Promise(() => {}) } });
  const started = Date.now();
  assert.equal((await settings.current()).fail_mode, "closed");
  assert.ok(Date.now() - started < 3000);
});

// The client settings of the extension (fail mode, host timeout, countdown): the last ones the
// host sent, the administrator's storage.managed override, and the defaults of web-ui/README.md.
import { withTimeout } from "./timing.js";

/** Used before the host has ever answered (README "Host protocol"): fail closed, 20 s, no countdown. */
export const DEFAULT_CLIENT = Object.freeze({ fail_mode: "closed", host_timeout_seconds: 20, countdown_seconds: 0 });

// Bounds on what the extension accepts from storage or the host, so a broken value can neither
// disable the timeout nor make the user wait for minutes.
const RANGES = Object.freeze({ host_timeout_seconds: [1, 300], countdown_seconds: [0, 60] });
const FAIL_MODES = Object.freeze(["closed", "open"]);

// storage.local key of the last `client` object seen in a verdict or health answer.
export const LAST_CLIENT_KEY = "sendguard.client";
// storage.managed key an administrator sets through policies.json ("3rdparty" extension settings).
export const MANAGED_FAIL_MODE_KEY = "fail_mode";

// storage.managed looks for policies and native manifests on disk; it is quick, but bounded anyway.
const MANAGED_READ_TIMEOUT_MS = 2000;

/** Copies the valid fields of `value` over `base`; anything missing, mistyped or out of range keeps `base`'s. */
export function normalizeClient(value, base = DEFAULT_CLIENT) {
  const out = { ...base };
  if (!value || typeof value !== "object") return out;
  if (FAIL_MODES.includes(value.fail_mode)) out.fail_mode = value.fail_mode;
  for (const [key, [min, max]] of Object.entries(RANGES)) {
    const n = value[key];
    if (typeof n === "number" && Number.isFinite(n) && n >= min && n <= max) out[key] = n;
  }
  return out;
}

/**
 * Settings over a `storage` object shaped like `browser.storage` ({local, managed}).
 * `current()` never rejects: storage trouble falls back to the defaults, which fail closed.
 */
export function createSettings(storage, timers = globalThis) {
  async function lastSeen() {
    try {
      const got = await storage.local.get(LAST_CLIENT_KEY);
      return normalizeClient(got?.[LAST_CLIENT_KEY]);
    } catch {
      return { ...DEFAULT_CLIENT };
    }
  }

  async function managedFailMode() {
    if (!storage.managed) return undefined;
    try {
      // Rejects when no policy exists ("Managed storage manifest not found"): nothing to override.
      const got = await withTimeout(
        storage.managed.get(MANAGED_FAIL_MODE_KEY),
        MANAGED_READ_TIMEOUT_MS,
        () => new Error("storage.managed timed out"),
        timers,
      );
      const mode = got?.[MANAGED_FAIL_MODE_KEY];
      return FAIL_MODES.includes(mode) ? mode : undefined;
    } catch {
      return undefined;
    }
  }

  return {
    /** The settings in force: last seen from the host, fail_mode overridden by the administrator. */
    async current() {
      const [client, managed] = await Promise.all([lastSeen(), managedFailMode()]);
      if (managed) client.fail_mode = managed;
      return client;
    },

    /** Remembers a `client` object from the host (verdict or health), ignoring invalid fields. */
    async remember(client) {
      if (!client || typeof client !== "object") return;
      const next = normalizeClient(client, await lastSeen());
      try {
        await storage.local.set({ [LAST_CLIENT_KEY]: next });
      } catch {
        // Not remembering only means the previous settings stay in force next time.
      }
    },
  };
}

// Shared by the Outlook tests: the real sendguard host over HTTPS in a temporary data directory, headless Chromium that trusts its certificate, the pages loaded from the host with the Office.js stand-in served in place of Microsoft's script, and the host's audit log.

import { execFile, spawn } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { promisify } from "node:util";
import { CHROMIUM, CHROMIUM_ARGS } from "../chromium.mjs";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const SENDGUARD = process.env.SENDGUARD_BIN ?? path.join(repoRoot, "build/release/native-host/sendguard");
export const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
export const STANDIN_PATH = path.join(repoRoot, "tests/web-ui/outlook/office-standin.js");
const run = promisify(execFile);

/** The helpdesk profile the tests use: corp.example is internal; anything else is external. */
export function profile({ sendMode = "soft-block", failMode = "closed", timeoutSeconds = 20, extra = {} } = {}) {
  return {
    organization: { internal_domains: ["corp.example"] },
    outlook: { send_mode: sendMode },
    client: { fail_mode: failMode, host_timeout_seconds: timeoutSeconds },
    locale: "ja",
    ...extra,
  };
}

/**
 * One temporary data directory (one CA, one token, one audit log) for hosts started one after
 * another with different profiles: the browser trusts the same certificate throughout.
 */
export class HostDir {
  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-outlook-"));
    this.dataDir = path.join(this.dir, "data");
    this.home = path.join(this.dir, "home");
    fs.mkdirSync(this.dataDir, { mode: 0o700 });
    fs.mkdirSync(this.home, { mode: 0o700 });
    this.host = null;
  }

  configPath(name) {
    return path.join(this.dir, `${name}.json`);
  }

  /** Starts `sendguard serve --listen 127.0.0.1:0` with `profileDoc`; resolves once it listens. */
  async start(profileDoc = profile(), name = "profile") {
    if (this.host) await this.stop();
    const config = this.configPath(name);
    fs.writeFileSync(config, JSON.stringify(profileDoc, null, 2));
    this.host = await startHost({ dataDir: this.dataDir, config, home: this.home });
    return this.host;
  }

  async stop() {
    const h = this.host;
    this.host = null;
    if (h) await h.stop();
  }

  /** `sendguard <args>` with this data directory; resolves with stdout. */
  async cli(args, { config } = {}) {
    const base = ["--data-dir", this.dataDir];
    if (config) base.push("--config", config);
    const { stdout } = await run(SENDGUARD, [...base, ...args], { env: { ...process.env, HOME: this.home }, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  }

  /** The audit records that match `filters` (sendguard audit show --json), newest first. */
  async audit(filters = {}) {
    const args = ["audit", "show", "--json"];
    for (const [k, v] of Object.entries(filters)) args.push(`--${k.replace(/_/g, "-")}`, String(v));
    return JSON.parse(await this.cli(args)).records;
  }

  /** Base64 SHA-256 of the SPKI of the host's CA and server certificate, for Chromium's SPKI list. */
  spkiHashes() {
    return ["ca.pem", "server.pem"]
      .map((f) => path.join(this.dataDir, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => {
        const der = new X509Certificate(fs.readFileSync(f)).publicKey.export({ type: "spki", format: "der" });
        return createHash("sha256").update(der).digest("base64");
      });
  }

  /**
   * Fails unless the host serves the add-in files of this tree (launchevent.js apart from its
   * SG_HOST_CONFIG line): a binary built before the last change to web-ui/ would test old code.
   */
  async assertServesThisTree() {
    const ca = fs.readFileSync(path.join(this.dataDir, "ca.pem"));
    const stale = [];
    for (const folder of ["outlook", "dialog"]) {
      for (const name of fs.readdirSync(path.join(repoRoot, "web-ui", folder))) {
        if (!/\.(html|js|css|png)$/.test(name)) continue;
        const local = fs.readFileSync(path.join(repoRoot, "web-ui", folder, name));
        const served = await httpsGet(`${this.host.origin}/addin/${folder}/${name}`, ca);
        const config = (b) => b.toString("utf8").replace(/^const SG_HOST_CONFIG = .*;$/m, "");
        const same = name === "launchevent.js" ? config(served.body) === config(local) : served.body.equals(local);
        if (served.status !== 200 || !same) stale.push(`${folder}/${name} (${served.status})`);
      }
    }
    if (stale.length) {
      throw new Error(
        `${SENDGUARD} does not serve this tree's web-ui files: ${stale.join(", ")}. ` +
          "Rebuild it (ninja), or set SENDGUARD_WEB_UI_DIR=web-ui to serve them from disk.",
      );
    }
  }

  async remove() {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** GET over HTTPS trusting only `ca`; resolves `{status, body}`. */
export function httpsGet(url, ca) {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

/** Starts the real host; resolves `{url, port, origin, child, stop(), pause(), resume()}`. */
export function startHost({ dataDir, config, home }) {
  return new Promise((resolve, reject) => {
    const args = ["--data-dir", dataDir, "--config", config, "serve", "--listen", "127.0.0.1:0"];
    // Development: serve web-ui/ from disk instead of the copy compiled into the binary.
    if (process.env.SENDGUARD_WEB_UI_DIR) args.push("--web-ui-dir", path.resolve(process.env.SENDGUARD_WEB_UI_DIR));
    const child = spawn(SENDGUARD, args, { env: { ...process.env, HOME: home }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`sendguard serve did not start within 20 s\n${err}`));
    }, 20000);
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`sendguard serve exited with ${code} before listening\n${err}`));
    });
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (https?):\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      const port = Number(m[2]);
      const exited = new Promise((r) => child.once("exit", r));
      resolve({
        port,
        url: `${m[1]}://localhost:${port}`,
        origin: `${m[1]}://localhost:${port}`,
        child,
        stderr: () => err,
        pause: () => child.kill("SIGSTOP"),
        resume: () => child.kill("SIGCONT"),
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill("SIGCONT");
          child.kill("SIGTERM");
          const killer = setTimeout(() => child.kill("SIGKILL"), 12000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}


/**
 * Headless Chromium that trusts the host's certificate: through the user's NSS database when
 * `sendguard certs install --no-system` made one under HOME, else by pinning the host's keys
 * (--ignore-certificate-errors-spki-list: only these keys, not every certificate).
 */
export async function launchBrowser(hostDir, { locale = "ja-JP" } = {}) {
  const { chromium } = await import("playwright-core");
  const userDataDir = fs.mkdtempSync(path.join(hostDir.dir, "chromium-"));
  const nssdb = path.join(hostDir.home, ".pki/nssdb");
  const args = [...CHROMIUM_ARGS];
  // The real way: the host trusts its CA for this user (HOME is the test's own); a host without
  // the command, or a machine without certutil, falls back to pinning the host's keys.
  await hostDir.cli(["certs", "install", "--no-system"]).catch(() => null);
  const trusted = fs.existsSync(path.join(nssdb, "cert9.db"));
  if (!trusted) args.push(`--ignore-certificate-errors-spki-list=${hostDir.spkiHashes().join(",")}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    env: { ...process.env, HOME: hostDir.home },
    viewport: { width: 360, height: 760 }, // about an Outlook task pane
    locale,
  });
  return { context, trust: trusted ? "nssdb" : "spki" };
}

/**
 * Opens `url` (a page the host serves) with the stand-in in place of Office.js, loaded with
 * `state`; the page's script errors are collected in `page.errors`.
 */
export async function openPage(context, url, state) {
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  const standin = fs.readFileSync(STANDIN_PATH, "utf8");
  const loadState = `;globalThis.SGOfficeStandIn.load(${JSON.stringify(state ?? {})});`;
  await page.route(OFFICE_JS_URL, (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: standin + loadState }),
  );
  await page.goto(url);
  return page;
}

/** Fires OnMessageSend at the handler of a commands.html page; resolves with the completed() options. */
export async function fireSend(page, { waitAfterMs = 300 } = {}) {
  await page.waitForFunction(() => globalThis.SGOfficeStandIn?.handlers().includes("onMessageSendHandler"));
  const options = await page.evaluate(() => globalThis.SGOfficeStandIn.fire("onMessageSendHandler"));
  // Anything that would complete the event a second time has had the chance to.
  await page.waitForTimeout(waitAfterMs);
  const completions = await page.evaluate(() => globalThis.SGOfficeStandIn.completions());
  return { options, completions };
}

export const callsOf = (page, method) => page.evaluate((m) => globalThis.SGOfficeStandIn.calls().filter((c) => c.method === m), method);
export const standinState = (page) => page.evaluate(() => globalThis.SGOfficeStandIn.state());
export const loadState = (page, state) => page.evaluate((s) => globalThis.SGOfficeStandIn.load(s), state);

/** An Outlook recipient (EmailAddressDetails). */
export const who = (emailAddress, displayName = "") => ({ displayName, emailAddress, recipientType: "externalUser" });

/** A file attachment of the stand-in item, content as Office.js gives it (Base64). */
export function fileAttachment(id, name, bytes, contentType = "application/octet-stream") {
  const buf = Buffer.from(bytes);
  return { id, name, size: buf.length, contentType, attachmentType: "file", isInline: false, format: "base64", content: buf.toString("base64") };
}

/** Sender and internal colleagues. */
export const SENDER = { displayName: "山田 太郎", emailAddress: "yamada@corp.example" };

/** A mass mail: `n` external recipients over several organisations, all in To. */
export function massRecipients(n = 12) {
  const domains = ["client-a.example", "client-b.example", "client-c.example", "client-d.example", "client-e.example", "client-f.example"];
  return Array.from({ length: n }, (_, i) => who(`person${i + 1}@${domains[i % domains.length]}`, `取引先 ${i + 1}`));
}

/**
 * For a test file: the host (with the default profile, serving this tree) and a browser that
 * trusts it, started before the file's tests and removed after them. The returned object's
 * `hostDir` and `browser` are set once the tests run.
 */
export function useHostAndBrowser() {
  const env = { hostDir: null, browser: null };
  before(async () => {
    env.hostDir = new HostDir();
    await env.hostDir.start(profile());
    await env.hostDir.assertServesThisTree();
    env.browser = await launchBrowser(env.hostDir);
  });
  after(async () => {
    await env.browser?.context.close();
    await env.hostDir?.remove();
  });
  return env;
}

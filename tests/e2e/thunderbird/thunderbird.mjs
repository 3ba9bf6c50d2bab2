// A throwaway Thunderbird for the end-to-end test: profile from scratch, native-messaging host wrapper, launch and teardown.
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";

export const EXTENSION_ID = "thunderbird@sendguard.example";
export const IDENTITY_KEY = "id1";

// Lines Thunderbird prints in headless mode that never matter (GTK has no screen, D-Bus has no
// session, the region lookup has no network). Kept in the full log, left out of failure reports.
const NOISE = [
  /Gtk-CRITICAL|gtk_icon_theme|GDK_IS_SCREEN|GTK_IS_ICON_THEME/,
  /Cannot autolaunch D-Bus|OnProxyReady error/,
  /RenderCompositorSWGL failed mapping/,
  /Region\.sys\.mjs/,
  /^\s*$/,
];

// Every pref and why. user.js is read at every start and wins over prefs.js.
export function profilePrefs({ smtpPort, fullName, email }) {
  return {
    // One account: Local Folders, carrying the sender identity (no incoming server to reach).
    "mail.accountmanager.accounts": "account1",
    "mail.accountmanager.defaultaccount": "account1",
    "mail.accountmanager.localfoldersserver": "server1",
    "mail.account.account1.server": "server1",
    "mail.account.account1.identities": IDENTITY_KEY,
    "mail.server.server1.type": "none",
    "mail.server.server1.hostname": "Local Folders",
    "mail.server.server1.name": "Local Folders",
    "mail.server.server1.userName": "nobody",
    [`mail.identity.${IDENTITY_KEY}.fullName`]: fullName,
    [`mail.identity.${IDENTITY_KEY}.useremail`]: email,
    [`mail.identity.${IDENTITY_KEY}.valid`]: true,
    [`mail.identity.${IDENTITY_KEY}.smtpServer`]: "smtp1",
    [`mail.identity.${IDENTITY_KEY}.compose_html`]: false,
    // No copy to Sent (nothing to write, nothing to wait for after the SMTP transaction).
    [`mail.identity.${IDENTITY_KEY}.fcc`]: false,
    [`mail.identity.${IDENTITY_KEY}.doBcc`]: false,
    [`mail.identity.${IDENTITY_KEY}.attach_signature`]: false,
    // The SMTP sink: loopback, plain, no authentication.
    "mail.smtpservers": "smtp1",
    "mail.smtp.defaultserver": "smtp1",
    "mail.smtpserver.smtp1.type": "smtp",
    "mail.smtpserver.smtp1.hostname": "127.0.0.1",
    "mail.smtpserver.smtp1.port": smtpPort,
    "mail.smtpserver.smtp1.authMethod": 1, // none
    "mail.smtpserver.smtp1.try_ssl": 0, // no STARTTLS, no TLS
    "mail.smtpserver.smtp1.username": "",
    "mail.smtpserver.smtp1.description": "sendguard e2e sink",
    // The unsigned test xpi in <profile>/extensions/ is installed and enabled at startup.
    "xpinstall.signatures.required": false,
    "extensions.autoDisableScopes": 0,
    "extensions.enabledScopes": 15,
    "extensions.update.enabled": false,
    "extensions.getAddons.cache.enabled": false,
    // Console messages (chrome and extension pages) on stdout, for failure reports.
    "devtools.console.stdout.chrome": true,
    "devtools.console.stdout.content": true,
    "browser.dom.window.dump.enabled": true,
    // Compose features that would stop or slow a send with a prompt or a save.
    "mail.compose.attachment_reminder": false,
    "mail.compose.big_attachments.notify": false,
    "mail.compose.warn_public_recipients.aggressive": false,
    "mail.compose.autosave": false,
    "mail.SpellCheckBeforeSend": false,
    "mail.collect_email_address_outgoing": false,
    "mailnews.sendInBackground": false,
    // Stay online whatever the machine's network looks like (sendNow must not become "later").
    "offline.autoDetect": false,
    "offline.startup_state": 2,
    "network.manage-offline-status": false,
    // No first-run UI, start page, default-client question, account hub or rights notice.
    "mail.shell.checkDefaultClient": false,
    "mailnews.start_page.enabled": false,
    "mailnews.start_page.override_url": "",
    "mail.rights.version": 1,
    "mail.provider.enabled": false,
    "browser.shell.checkDefaultBrowser": false,
    "toolkit.startup.max_resumed_crashes": -1,
    // No updates, telemetry or remote services (nothing leaves the machine).
    "app.update.disabledForTesting": true,
    "app.update.auto": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "datareporting.healthreport.uploadEnabled": false,
    "toolkit.telemetry.enabled": false,
    "toolkit.telemetry.unified": false,
    "toolkit.telemetry.archive.enabled": false,
    "toolkit.telemetry.server": "",
    "services.settings.server": "data:,#remote-settings-disabled",
    "browser.region.network.url": "",
    "browser.region.update.enabled": false,
    "network.connectivity-service.enabled": false,
    "network.captive-portal-service.enabled": false,
  };
}

export function writeProfile(dir, prefs) {
  fs.mkdirSync(path.join(dir, "extensions"), { recursive: true });
  const lines = Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`);
  fs.writeFileSync(path.join(dir, "user.js"), `// SendGuard end-to-end test profile\n${lines.join("\n")}\n`);
}

// The native-messaging host: a wrapper (so the test can make the host "missing", keep its
// stderr and know its pid) that execs the real sendguard with the arguments it was given.
// Thunderbird 153 on Linux reads per-user manifests from $HOME/.mozilla/native-messaging-hosts/.
export function writeNativeHost({ home, dir, sendguard }) {
  const wrapper = path.join(dir, "sendguard-host");
  const q = (s) => `'${String(s).replaceAll("'", `'\\''`)}'`;
  fs.writeFileSync(
    wrapper,
    [
      "#!/bin/sh",
      "# Native-messaging host for the SendGuard e2e test: the real sendguard, with the test's files.",
      `echo "$$ $(date +%s.%N) $*" >> ${q(path.join(dir, "host-starts.log"))}`,
      `if [ -e ${q(path.join(dir, "host-missing"))} ]; then`,
      `  echo "e2e: host made missing by the test" >&2`,
      "  exit 127",
      "fi",
      // The arguments are the launcher's that `sendguard install thunderbird` wrote (--data-dir,
      // --config, native-messaging) followed by Thunderbird's (manifest path, extension id).
      `exec ${q(sendguard)} "$@" 2>> ${q(path.join(dir, "host-stderr.log"))}`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  const manifestDir = path.join(home, ".mozilla", "native-messaging-hosts");
  const manifestPath = path.join(manifestDir, "sendguard.json");
  return { wrapper, manifestDir, manifestPath, startsLog: path.join(dir, "host-starts.log"), stderrLog: path.join(dir, "host-stderr.log"), missingFlag: path.join(dir, "host-missing") };
}

// Pids of the host processes the wrapper started (the wrapper execs, so its pid is the host's).
export function hostPids(startsLog) {
  if (!fs.existsSync(startsLog)) return [];
  return fs
    .readFileSync(startsLog, "utf8")
    .split("\n")
    .map((l) => Number(l.split(" ")[0]))
    .filter((n) => Number.isInteger(n) && n > 0);
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

export class ThunderbirdProcess {
  constructor({ binary, profile, env, logFile }) {
    this.binary = binary;
    this.profile = profile;
    this.env = env;
    this.logFile = logFile;
    this.lines = []; // [{at, text}]
    this.exited = null;
  }

  start() {
    this.log = fs.openSync(this.logFile, "a");
    this.child = spawn(this.binary, ["--headless", "--profile", this.profile, "--no-remote"], {
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: teardown signals Thunderbird, its content processes and the
      // native-messaging host together.
      detached: true,
    });
    this.pgid = this.child.pid;
    const onData = (stream) => {
      let partial = "";
      return (chunk) => {
        fs.writeSync(this.log, chunk);
        const text = partial + chunk.toString("utf8");
        const parts = text.split("\n");
        partial = parts.pop();
        const at = Date.now();
        for (const line of parts) this.lines.push({ at, stream, text: line });
        if (this.lines.length > 20_000) this.lines.splice(0, 5_000);
      };
    };
    this.child.stdout.on("data", onData("out"));
    this.child.stderr.on("data", onData("err"));
    this.exitPromise = new Promise((resolve) => {
      this.child.on("exit", (code, signal) => {
        this.exited = { code, signal, at: Date.now() };
        resolve(this.exited);
      });
    });
    this.child.on("error", (e) => {
      this.exited = { error: String(e), at: Date.now() };
    });
  }

  // Console output since `since` (ms epoch), noise removed, at most `max` lines.
  consoleSince(since = 0, max = 120) {
    const lines = this.lines.filter((l) => l.at >= since && !NOISE.some((re) => re.test(l.text))).map((l) => l.text);
    const cut = lines.length > max ? [`… ${lines.length - max} earlier lines in ${this.logFile}`, ...lines.slice(-max)] : lines;
    return cut.join("\n");
  }

  groupAlive() {
    try {
      process.kill(-this.pgid, 0);
      return true;
    } catch (e) {
      return e.code === "EPERM";
    }
  }

  // SIGTERM to the whole group, then SIGKILL after graceMs; resolves when no member is left.
  async stop(graceMs = 5_000) {
    if (!this.child) return;
    const signal = (sig) => {
      try {
        process.kill(-this.pgid, sig);
      } catch {
        // already gone
      }
    };
    signal("SIGTERM");
    const deadline = Date.now() + graceMs;
    while (this.groupAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (this.groupAlive()) {
      signal("SIGKILL");
      const hard = Date.now() + 5_000;
      while (this.groupAlive() && Date.now() < hard) await new Promise((r) => setTimeout(r, 50));
    }
    if (this.log !== undefined) fs.closeSync(this.log);
    this.log = undefined;
  }

  // For process.on("exit"): synchronous, no waiting.
  killNow() {
    if (!this.child) return;
    try {
      process.kill(-this.pgid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

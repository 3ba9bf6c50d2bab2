// Outlook manifests: `sendguard outlook manifest` (the real host binary) renders the templates; the
// XML passes our structural check and the unified app package Microsoft's schema, offline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { AppManifestUtils } from "@microsoft/app-manifest";
import { DOMParser } from "@xmldom/xmldom";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const TEMPLATE_DIR = join(ROOT, "addin-manifest/outlook");
const ICON_DIR = join(ROOT, "web-ui/outlook");

// ---------------------------------------------------------------------------------------------
// Rendering: the host's own `sendguard outlook manifest` (native-host/outlook/manifest.cpp), so
// what is checked here is what administrators deploy. SENDGUARD_BIN overrides the release build.
// ---------------------------------------------------------------------------------------------

const BIN = process.env.SENDGUARD_BIN ?? join(ROOT, "build/release/native-host/sendguard");
assert.ok(existsSync(BIN), `${BIN} does not exist: build the host first (scripts/build release) or set SENDGUARD_BIN`);

// The host's placeholders (addin-manifest/outlook/README.md); the templates must use exactly these.
const PLACEHOLDERS = ["ORIGIN", "ADDIN_ID", "VERSION", "VERSION4", "SEND_MODE", "DISPLAY_NAME"];
const PLACEHOLDER_PATTERN = /\{\{([^{}]*)\}\}/g;

// `--send-mode` values of `sendguard outlook manifest` and what each format spells.
const SEND_MODES = {
  "soft-block": { xml: "SoftBlock", json: "softBlock" },
  block: { xml: "Block", json: "block" },
  "prompt-user": { xml: "PromptUser", json: "promptUser" },
};

const template = (name) => readFileSync(join(TEMPLATE_DIR, name), "utf8");

// One data directory for the whole file: the add-in id made there is every render's default.
const WORK = mkdtempSync(join(tmpdir(), "sendguard-manifest-test-"));
process.on("exit", () => rmSync(WORK, { recursive: true, force: true }));
const DATA_DIR = join(WORK, "data");

// Runs the host; returns { status, stdout, stderr } (stdout as a Buffer: the package is binary).
function sendguard(args, dataDir = DATA_DIR) {
  const r = spawnSync(BIN, ["--data-dir", dataDir, "--config", join(WORK, "no-profile.json"), ...args], {
    env: { ...process.env, LC_ALL: "en_US.UTF-8" },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
}

const VERSION = execFileSync(BIN, ["--version"], { encoding: "utf8" }).trim();

const DEFAULTS = {
  origin: "https://localhost:47120",
  addinId: "6f1d2a4e-3b5c-4d7e-8f90-a1b2c3d4e5f6",
  sendMode: "soft-block",
  displayName: "SendGuard",
};

function manifestArgs(format, { origin, addinId, sendMode, displayName }) {
  return ["outlook", "manifest", "--format", format, "--origin", origin, "--send-mode", sendMode,
    "--addin-id", addinId, "--display-name", displayName];
}

// Each distinct set of options is rendered once.
const rendered = new Map();
let packages = 0;

function renderXml(options = {}) {
  const args = manifestArgs("xml", { ...DEFAULTS, ...options });
  const key = JSON.stringify(args);
  if (!rendered.has(key)) {
    const r = sendguard(args);
    assert.equal(r.status, 0, r.stderr);
    rendered.set(key, r.stdout.toString("utf8"));
  }
  return rendered.get(key);
}

// The app package: the ZIP the host wrote, and its two JSON files as bsdtar extracts them.
function renderJson(options = {}) {
  const args = manifestArgs("json", { ...DEFAULTS, ...options });
  const key = JSON.stringify(args);
  if (!rendered.has(key)) {
    const zip = join(WORK, `package-${++packages}.zip`);
    const r = sendguard([...args, "-o", zip]);
    assert.equal(r.status, 0, r.stderr);
    const text = (name) => zipMember(zip, name).toString("utf8");
    rendered.set(key, { zip, manifest: text("manifest.json"), jaJp: text("ja-jp.json") });
  }
  return rendered.get(key);
}

function zipMember(zip, name) {
  return execFileSync("bsdtar", ["-xOf", zip, name], { maxBuffer: 16 << 20 });
}

function zipNames(zip) {
  return execFileSync("bsdtar", ["-tf", zip], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
}

// ---------------------------------------------------------------------------------------------
// XML (add-in only) manifest: well-formed, elements in schema order, every resid resolves to a
// resource of the right kind, the launch event and task pane wired up, ja-JP for every string.
// Microsoft ships no XSD in any npm package and its validator (office-addin-manifest) posts XML
// manifests to an online service, so this check is ours; limits and order follow MS-OWEMXML.
// ---------------------------------------------------------------------------------------------

const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  mailor: "http://schemas.microsoft.com/office/mailappversionoverrides",
  mailor11: "http://schemas.microsoft.com/office/mailappversionoverrides/1.1",
};

// Children of a MailApp OfficeApp, in the order the schema's xs:sequence requires.
const OFFICEAPP_ORDER = [
  "Id", "AlternateId", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "IconUrl",
  "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts", "Requirements", "FormSettings", "Permissions",
  "Rule", "DisableEntityHighlighting", "VersionOverrides",
];
const OFFICEAPP_REQUIRED = [
  "Id", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "IconUrl", "Hosts",
  "Requirements", "FormSettings", "Permissions", "Rule", "VersionOverrides",
];
const MAX_SHORT_STRING = 125; // ShortString: DisplayName, bt:ShortStrings
const MAX_LONG_STRING = 250; // LongString: Description, bt:LongStrings
const MAX_RESID = 32;
const MIN_MAILBOX_FOR_EVENTS = "1.15";
const JA = "ja-jp";
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const XML_VERSION = /^(0|[1-9][0-9]{0,4})(\.(0|[1-9][0-9]{0,4})){3}$/;

// Which resource collection an element's resid must point into.
const RESID_KIND = {
  Runtime: "url", Override: "url", SourceLocation: "url", FunctionFile: "url",
  Image: "image", Label: "short", Title: "short", Description: "long",
};

const elements = (parent, localName, ns) =>
  Array.from(parent.childNodes).filter(
    (n) => n.nodeType === 1 && (!localName || n.localName === localName) && (!ns || n.namespaceURI === ns),
  );
const descendants = (root, localName) => Array.from(root.getElementsByTagNameNS("*", localName));
const xsiType = (el) => el.getAttributeNS(NS.xsi, "type");
const versionAtLeast = (v, min) => {
  const [a, b] = [v, min].map((s) => s.split(".").map(Number));
  for (let i = 0; i < Math.max(a.length, b.length); ++i) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

function parseXml(text) {
  const fail = (level, message) => {
    if (level !== "warning") throw new Error(message);
  };
  try {
    return { doc: new DOMParser({ onError: fail }).parseFromString(text, "application/xml") };
  } catch (e) {
    return { error: `not well-formed XML: ${e.message}` };
  }
}

function isHttpsUrl(s) {
  try {
    return new URL(s).protocol === "https:";
  } catch {
    return false;
  }
}

// Returns every problem found (an empty list means the manifest passes) and the facts a test asserts on.
function checkXmlManifest(text) {
  const problems = [];
  const { doc, error } = parseXml(text);
  if (error) return { problems: [error] };
  const root = doc.documentElement;
  if (root.localName !== "OfficeApp" || root.namespaceURI !== NS.app) problems.push("root is not appforoffice/1.1 OfficeApp");
  if (xsiType(root) !== "MailApp") problems.push(`OfficeApp xsi:type is "${xsiType(root)}", not MailApp`);

  const top = elements(root);
  let last = -1;
  for (const el of top) {
    const at = OFFICEAPP_ORDER.indexOf(el.localName);
    if (at < 0) problems.push(`unexpected element <${el.localName}> in OfficeApp`);
    else if (at < last) problems.push(`<${el.localName}> is out of schema order in OfficeApp`);
    else last = at;
  }
  const one = (name) => top.find((el) => el.localName === name);
  for (const name of OFFICEAPP_REQUIRED) if (!one(name)) problems.push(`OfficeApp lacks <${name}>`);
  const text1 = (name) => one(name)?.textContent.trim() ?? "";
  if (!GUID.test(text1("Id"))) problems.push(`Id "${text1("Id")}" is not a GUID`);
  if (!XML_VERSION.test(text1("Version"))) problems.push(`Version "${text1("Version")}" is not n.n.n.n`);
  if (text1("DefaultLocale") !== "en-US") problems.push("DefaultLocale is not en-US");
  if (text1("Permissions") !== "ReadWriteItem") problems.push(`Permissions is "${text1("Permissions")}", not ReadWriteItem`);

  const urls = [];
  const localized = []; // [what, element with DefaultValue and Override children, max length]
  for (const [name, max] of [["DisplayName", MAX_SHORT_STRING], ["Description", MAX_LONG_STRING]]) {
    if (one(name)) localized.push([name, one(name), max]);
  }
  for (const name of ["IconUrl", "HighResolutionIconUrl", "SupportUrl"]) {
    if (one(name)) urls.push([name, one(name).getAttribute("DefaultValue")]);
  }
  for (const d of descendants(root, "AppDomain")) urls.push(["AppDomain", d.textContent.trim()]);
  for (const s of descendants(root, "SourceLocation").filter((s) => s.hasAttribute("DefaultValue"))) {
    urls.push(["FormSettings SourceLocation", s.getAttribute("DefaultValue")]);
  }

  // VersionOverrides 1.0 wrapping 1.1, as Microsoft's Smart Alerts walkthrough has it.
  const outer = one("VersionOverrides");
  const inner = outer && elements(outer, "VersionOverrides", NS.mailor11)[0];
  if (outer && (outer.namespaceURI !== NS.mailor || xsiType(outer) !== "VersionOverridesV1_0")) {
    problems.push("outer VersionOverrides is not mailappversionoverrides VersionOverridesV1_0");
  }
  if (!inner || xsiType(inner) !== "VersionOverridesV1_1") {
    problems.push("no VersionOverridesV1_1 (mailappversionoverrides/1.1) inside VersionOverrides");
    return { problems };
  }
  const sets = descendants(elements(inner, "Requirements")[0] ?? inner, "Sets").filter((s) => s.namespaceURI === NS.bt)[0];
  const minVersion = sets?.getAttribute("DefaultMinVersion") ?? "";
  if (!sets || !versionAtLeast(minVersion, MIN_MAILBOX_FOR_EVENTS) ||
      !elements(sets, "Set", NS.bt).some((s) => s.getAttribute("Name") === "Mailbox")) {
    problems.push(`VersionOverrides 1.1 does not require Mailbox ${MIN_MAILBOX_FOR_EVENTS} (has "${minVersion}")`);
  }

  // Resources, by id.
  const resources = new Map();
  const resourceSets = [
    ["Images", "Image", "image"],
    ["Urls", "Url", "url"],
    ["ShortStrings", "String", "short"],
    ["LongStrings", "String", "long"],
  ];
  for (const [setName, itemName, kind] of resourceSets) {
    for (const set of descendants(inner, setName)) {
      for (const item of elements(set, itemName, NS.bt)) {
        const id = item.getAttribute("id");
        if (resources.has(id)) problems.push(`resource id "${id}" is defined twice`);
        if (id.length === 0 || id.length > MAX_RESID) problems.push(`resource id "${id}" is empty or longer than ${MAX_RESID}`);
        resources.set(id, { kind, value: item.getAttribute("DefaultValue"), item });
        if (kind === "image" || kind === "url") urls.push([`resource ${id}`, item.getAttribute("DefaultValue")]);
        else localized.push([`resource ${id}`, item, kind === "short" ? MAX_SHORT_STRING : MAX_LONG_STRING]);
      }
    }
  }
  for (const el of descendants(inner, "*").filter((e) => e.hasAttribute("resid"))) {
    const id = el.getAttribute("resid");
    const want = RESID_KIND[el.localName];
    const got = resources.get(id);
    if (!got) problems.push(`<${el.localName} resid="${id}"> names no resource`);
    else if (want && got.kind !== want) problems.push(`<${el.localName} resid="${id}"> needs a ${want} resource, "${id}" is ${got.kind}`);
  }
  const resolve = (el) => resources.get(el?.getAttribute("resid"))?.value;

  const jaOf = (el) => elements(el, "Override").find((o) => o.getAttribute("Locale").toLowerCase() === JA)?.getAttribute("Value");
  for (const [what, el, max] of localized) {
    const values = [el.getAttribute("DefaultValue"), ...elements(el, "Override").map((o) => o.getAttribute("Value"))];
    for (const v of values) if (!v || v.length > max) problems.push(`${what}: "${v}" is empty or longer than ${max}`);
    if (jaOf(el) === undefined) problems.push(`${what} has no ja-JP override`);
  }
  for (const [what, url] of urls) if (!isHttpsUrl(url)) problems.push(`${what}: "${url}" is not an absolute https URL`);

  // Runtime for the event: the HTML page, with the JavaScript override for classic Outlook on Windows.
  const runtimes = descendants(inner, "Runtime");
  if (runtimes.length !== 1) problems.push(`expected one Runtime, found ${runtimes.length}`);
  const runtime = runtimes[0];
  const jsOverride = runtime && elements(runtime, "Override").find((o) => o.getAttribute("type") === "javascript");
  if (runtime && !jsOverride) problems.push("Runtime has no <Override type=\"javascript\"> for classic Outlook on Windows");

  const extensionPoints = descendants(inner, "ExtensionPoint");
  const launch = extensionPoints.filter((e) => xsiType(e) === "LaunchEvent");
  const launchEvents = launch.flatMap((e) => descendants(e, "LaunchEvent")).map((e) => ({
    type: e.getAttribute("Type"),
    functionName: e.getAttribute("FunctionName"),
    sendMode: e.getAttribute("SendMode"),
  }));
  const onSend = launchEvents.filter((e) => e.type === "OnMessageSend");
  if (onSend.length !== 1) problems.push(`expected one OnMessageSend LaunchEvent, found ${onSend.length}`);
  for (const e of onSend) {
    if (!e.functionName) problems.push("OnMessageSend has no FunctionName");
    if (!Object.values(SEND_MODES).some((m) => m.xml === e.sendMode)) {
      problems.push(`SendMode "${e.sendMode}" is not SoftBlock, Block or PromptUser`);
    }
  }
  for (const e of launch) {
    const source = elements(e, "SourceLocation")[0];
    if (!source || source.getAttribute("resid") !== runtime?.getAttribute("resid")) {
      problems.push("the LaunchEvent extension point's SourceLocation is not the Runtime's resid");
    }
  }

  const compose = extensionPoints.filter((e) => xsiType(e) === "MessageComposeCommandSurface");
  const taskPanes = compose.flatMap((e) => descendants(e, "Control"))
    .filter((c) => xsiType(c) === "Button" && elements(c, "Action").some((a) => xsiType(a) === "ShowTaskpane"))
    .map((c) => ({ id: c.getAttribute("id"), url: resolve(elements(elements(c, "Action")[0], "SourceLocation")[0]) }));
  if (taskPanes.length === 0) problems.push("no ShowTaskpane button on the compose command surface");
  const ids = [...descendants(inner, "Group"), ...descendants(inner, "Control")].map((e) => e.getAttribute("id"));
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`control or group id "${id}" is used twice`);

  return {
    problems,
    facts: {
      version: text1("Version"),
      displayName: one("DisplayName")?.getAttribute("DefaultValue"),
      appDomains: descendants(root, "AppDomain").map((d) => d.textContent.trim()),
      launchEvents,
      runtime: { page: resolve(runtime), script: resolve(jsOverride) },
      functionFile: resolve(descendants(inner, "FunctionFile")[0]),
      taskPanes,
      urls: urls.map(([, u]) => u),
      ja: localized.map(([what, el]) => [what, jaOf(el)]),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Unified manifest: Microsoft's own schema check (@microsoft/app-manifest resolves the $schema URL
// to the schema files shipped inside the package), plus the cross-references a schema cannot see.
// ---------------------------------------------------------------------------------------------

// Any attempt to fetch (a schema the package does not carry) fails the test instead of going online.
async function offline(fn) {
  const saved = globalThis.fetch;
  globalThis.fetch = async (url) => {
    throw new Error(`network access attempted: ${url}`);
  };
  try {
    return await fn();
  } finally {
    globalThis.fetch = saved;
  }
}

const schemaErrors = (json, schema) => offline(() => AppManifestUtils.validateAgainstSchema(json, schema));

// Microsoft's localization schemas (every version from 1.8 to devPreview in @microsoft/app-manifest
// 1.1.2) have property patterns such as `activities.activityTypes\[\b(...)\b]\.description$` whose
// lone `]` the package's own Ajv (unicode regular expressions) refuses to compile, so the package
// cannot validate a localization file as shipped. We escape that `]` and nothing else.
const APP_MANIFEST_DIR = dirname(createRequire(import.meta.url).resolve("@microsoft/app-manifest/package.json"));
const SCHEMA_HOST = "https://developer.microsoft.com/";

function localizationSchema(url) {
  assert.ok(url.startsWith(SCHEMA_HOST), url);
  const schema = JSON.parse(readFileSync(join(APP_MANIFEST_DIR, "build", url.slice(SCHEMA_HOST.length)), "utf8"));
  const compiles = (pattern) => {
    try {
      return Boolean(new RegExp(pattern, "u"));
    } catch {
      return false;
    }
  };
  schema.patternProperties = Object.fromEntries(
    Object.entries(schema.patternProperties).map(([pattern, rule]) => [
      compiles(pattern) ? pattern : pattern.replaceAll("\\b]", "\\b\\]"),
      rule,
    ]),
  );
  for (const pattern of Object.keys(schema.patternProperties)) assert.ok(compiles(pattern), pattern);
  return schema;
}

// Looks up "extensions[0].ribbons[0].tabs[0].label" style paths (the localization file's keys).
function lookup(obj, path) {
  let at = obj;
  for (const part of path.match(/[^.[\]]+/g)) {
    if (at === null || typeof at !== "object" || !Object.hasOwn(at, part)) return undefined;
    at = at[part];
  }
  return at;
}

async function checkJsonManifest(manifestText, jaJpText) {
  const manifest = JSON.parse(manifestText);
  const jaJp = JSON.parse(jaJpText);
  const problems = [
    ...(await schemaErrors(manifest)),
    ...(await schemaErrors(jaJp, localizationSchema(jaJp.$schema))).map((e) => `ja-jp.json: ${e}`),
  ];
  const ext = manifest.extensions?.[0] ?? {};
  const actions = new Map();
  for (const runtime of ext.runtimes ?? []) {
    for (const action of runtime.actions ?? []) {
      if (actions.has(action.id)) problems.push(`action id "${action.id}" is defined twice`);
      actions.set(action.id, { ...action, runtime });
    }
  }
  const controls = (ext.ribbons ?? []).flatMap((r) => r.tabs.flatMap((t) => (t.groups ?? []).flatMap((g) => g.controls)));
  const taskPanes = [];
  for (const control of controls) {
    const action = actions.get(control.actionId);
    if (!action) problems.push(`control "${control.id}" runs action "${control.actionId}", which no runtime defines`);
    else if (action.type === "openPage") taskPanes.push({ id: control.id, url: action.runtime.code.page });
  }
  const events = (ext.autoRunEvents ?? []).flatMap((a) => a.events);
  const sending = events.filter((e) => e.type === "messageSending");
  if (sending.length !== 1) problems.push(`expected one messageSending event, found ${sending.length}`);
  for (const e of events) {
    const action = actions.get(e.actionId);
    if (!action) problems.push(`event "${e.type}" runs action "${e.actionId}", which no runtime defines`);
    else if (action.type !== "executeFunction") problems.push(`event "${e.type}" action "${e.actionId}" is not executeFunction`);
  }
  for (const key of Object.keys(jaJp).filter((k) => k !== "$schema")) {
    if (typeof lookup(manifest, key) !== "string") problems.push(`ja-jp.json key "${key}" names no string in the manifest`);
  }
  // v1.27's "httpsUrl" pattern is ^https?:// (it admits plain http); the host only serves https.
  for (const url of allStrings(manifest).filter((s) => /^[a-z]+:\/\//i.test(s) && s !== manifest.$schema)) {
    if (!isHttpsUrl(url)) problems.push(`"${url}" is not an absolute https URL`);
  }
  const languages = manifest.localizationInfo?.additionalLanguages ?? [];
  if (!languages.some((l) => l.languageTag.toLowerCase() === JA)) problems.push("no ja-jp entry in localizationInfo.additionalLanguages");
  const event = sending[0] && actions.get(sending[0].actionId);
  return {
    problems,
    manifest,
    jaJp,
    facts: {
      sendMode: sending[0]?.options?.sendMode,
      handler: sending[0]?.actionId,
      eventRuntime: event?.runtime.code,
      taskPanes,
    },
  };
}

const allStrings = (value) =>
  typeof value === "string" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(allStrings) : [];

// PNG width and height from the IHDR chunk.
function pngSize(path) {
  const b = readFileSync(path);
  assert.equal(b.subarray(0, 8).toString("hex"), "89504e470d0a1a0a", `${path} is not a PNG`);
  assert.equal(b.subarray(12, 16).toString("ascii"), "IHDR");
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

test("the templates use exactly the host's placeholders, and the host leaves none behind", () => {
  const used = new Set();
  for (const name of ["manifest.xml.in", "manifest.json.in", "ja-jp.json.in"]) {
    for (const [, placeholder] of template(name).matchAll(PLACEHOLDER_PATTERN)) used.add(placeholder);
  }
  assert.deepEqual([...used].sort(), [...PLACEHOLDERS].sort());
  const { manifest, jaJp } = renderJson();
  for (const text of [renderXml(), manifest, jaJp]) assert.ok(!text.includes("{{") && !text.includes("}}"));
});

test("values the host cannot put into a manifest are refused with exit code 2, naming the option", () => {
  const cases = [
    [["--addin-id", "sendguard"], /--addin-id/],
    [["--origin", "http://localhost:47120"], /--origin/],
    [["--origin", "https://addin.example.com"], /--origin/],
    [["--send-mode", "SoftBlock"], /--send-mode/],
    [["--display-name", "S".repeat(31)], /--display-name/],
    [["--format", "json"], /-o FILE/],
    [["--manifest-version", "1.2.3.4"], /--manifest-version/],
  ];
  for (const [args, expected] of cases) {
    const r = sendguard(["outlook", "manifest", ...args]);
    assert.equal(r.status, 2, args.join(" "));
    assert.match(r.stderr, expected);
    assert.equal(r.stdout.length, 0);
  }
});

test("without --addin-id every render in one data directory carries the same generated GUID", () => {
  const dataDir = join(WORK, "id-data");
  const render = () => {
    const r = sendguard(["outlook", "manifest"], dataDir);
    assert.equal(r.status, 0, r.stderr);
    return /<Id>([^<]*)<\/Id>/.exec(r.stdout.toString("utf8"))[1];
  };
  const id = render();
  assert.match(id, GUID);
  assert.equal(render(), id);
  assert.equal(readFileSync(join(dataDir, "outlook-addin-id"), "utf8").trim(), id);
});

test("the app package holds manifest.json, ja-jp.json and the two app icons at its root, icons as they are", () => {
  const { zip } = renderJson();
  assert.deepEqual(zipNames(zip), ["icon-192.png", "icon-outline-32.png", "ja-jp.json", "manifest.json"]);
  for (const icon of ["icon-192.png", "icon-outline-32.png"]) {
    assert.ok(zipMember(zip, icon).equals(readFileSync(join(ICON_DIR, icon))), icon);
  }
});

for (const [mode, spelled] of Object.entries(SEND_MODES)) {
  test(`XML manifest, --send-mode ${mode}: complete, OnMessageSend -> onMessageSendHandler, SendMode ${spelled.xml}`, () => {
    const { problems, facts } = checkXmlManifest(renderXml({ sendMode: mode }));
    assert.deepEqual(problems, []);
    assert.deepEqual(facts.launchEvents, [{ type: "OnMessageSend", functionName: "onMessageSendHandler", sendMode: spelled.xml }]);
  });

  test(`unified manifest, --send-mode ${mode}: valid offline, messageSending sendMode ${spelled.json}`, async () => {
    const { manifest, jaJp } = renderJson({ sendMode: mode });
    const { problems, facts } = await checkJsonManifest(manifest, jaJp);
    assert.deepEqual(problems, []);
    assert.equal(facts.sendMode, spelled.json);
    assert.equal(facts.handler, "onMessageSendHandler");
  });
}

test("XML manifest: event runtime, classic-Windows script, task pane button SendGuardTaskPane, all under the origin", () => {
  const origin = "https://localhost:50123";
  const { problems, facts } = checkXmlManifest(renderXml({ origin }));
  assert.deepEqual(problems, []);
  const base = `${origin}/addin/outlook/`;
  assert.deepEqual(facts.runtime, { page: `${base}commands.html`, script: `${base}launchevent.js` });
  assert.equal(facts.functionFile, `${base}commands.html`);
  assert.deepEqual(facts.taskPanes, [{ id: "SendGuardTaskPane", url: `${base}taskpane.html` }]);
  assert.deepEqual(facts.appDomains, [origin]);
  assert.equal(facts.version, `${VERSION}.0`);
  for (const url of facts.urls.filter((u) => u !== origin)) assert.ok(url.startsWith(base), url);
  assert.ok(!renderXml({ origin }).includes("47120"), "nothing refers to the default port when another origin is given");
});

test("XML manifest: every user-visible string has a Japanese ja-JP override", () => {
  const { facts } = checkXmlManifest(renderXml());
  const names = facts.ja.map(([what]) => what);
  assert.ok(names.includes("Description") && names.includes("resource SG.TaskPane.Label") && names.includes("resource SG.TaskPane.Tip"));
  for (const [what, ja] of facts.ja.filter(([w]) => !/DisplayName|Group.Label/.test(w))) {
    assert.match(ja ?? "", JAPANESE, `${what} ja-JP text is Japanese`);
  }
});

test("unified manifest: task pane action SendGuardTaskPane, event runtime page and script, all under the origin", async () => {
  const origin = "https://localhost:50123";
  const { manifest: text, jaJp } = renderJson({ origin });
  const { problems, manifest, facts } = await checkJsonManifest(text, jaJp);
  assert.deepEqual(problems, []);
  const base = `${origin}/addin/outlook/`;
  assert.deepEqual(facts.eventRuntime, { page: `${base}commands.html`, script: `${base}launchevent.js` });
  assert.deepEqual(facts.taskPanes, [{ id: "SendGuardTaskPane", url: `${base}taskpane.html` }]);
  assert.equal(manifest.version, VERSION);
  assert.equal(manifest.id, DEFAULTS.addinId);
  assert.deepEqual(manifest.authorization.permissions.resourceSpecific, [{ name: "MailboxItem.ReadWrite.User", type: "Delegated" }]);
  const urls = allStrings(manifest).filter((s) => /^https?:/i.test(s) && s !== manifest.$schema);
  assert.ok(urls.length >= 10);
  for (const url of urls) assert.ok(url.startsWith(base), url);
  assert.ok(!text.includes("47120"));
});

test("unified manifest: the ja-jp localization file is valid and Japanese", async () => {
  const { manifest: text, jaJp } = renderJson();
  const { problems, jaJp: ja } = await checkJsonManifest(text, jaJp);
  assert.deepEqual(problems, []);
  for (const key of ["description.short", "description.full", "extensions[0].ribbons[0].tabs[0].groups[0].controls[0].label",
    "extensions[0].ribbons[0].tabs[0].groups[0].controls[0].supertip.description"]) {
    assert.match(ja[key], JAPANESE, key);
  }
});

test("a display name with markup characters is escaped, not injected", async () => {
  const displayName = `A&B "<Mail>" 'Guard'`;
  const { problems, facts } = checkXmlManifest(renderXml({ displayName }));
  assert.deepEqual(problems, []);
  assert.equal(facts.displayName, displayName);
  const { manifest, jaJp } = renderJson({ displayName });
  const checked = await checkJsonManifest(manifest, jaJp);
  assert.deepEqual(checked.problems, []);
  assert.equal(checked.manifest.name.short, displayName);
  assert.equal(checked.jaJp["name.short"], displayName);
});

test("every icon the manifests name exists in web-ui/outlook, a PNG of the size its name states", async () => {
  const xml = checkXmlManifest(renderXml()).facts;
  const { manifest, jaJp } = renderJson();
  const json = JSON.parse(manifest);
  assert.deepEqual(json.icons, { color: "icon-192.png", outline: "icon-outline-32.png" });
  const named = [...xml.urls, ...allStrings(json)].filter((s) => s.endsWith(".png")).map((s) => basename(s));
  const icons = [...new Set(named)].sort();
  assert.deepEqual(icons, [
    "icon-128.png", "icon-16.png", "icon-192.png", "icon-32.png", "icon-64.png", "icon-80.png", "icon-outline-32.png",
  ]);
  for (const name of icons) {
    const size = Number(/-(\d+)\.png$/.exec(name)[1]);
    assert.deepEqual(pngSize(join(ICON_DIR, name)), [size, size], name);
  }
  assert.deepEqual((await checkJsonManifest(manifest, jaJp)).problems, []);
});

// Each mutation breaks the rendered XML in one way; the check must name it.
const XML_BREAKAGES = [
  ["not well-formed", (x) => x.replace("</Hosts>", ""), /not well-formed/],
  [
    "the launch event removed",
    (x) => x.replace(/<LaunchEvent Type="OnMessageSend"[^>]*\/>/, ""),
    /one OnMessageSend LaunchEvent, found 0/,
  ],
  ["a misspelled send mode", (x) => x.replace('SendMode="SoftBlock"', 'SendMode="softBlock"'), /SendMode "softBlock"/],
  [
    "a resid typo",
    (x) => x.replace('<SourceLocation resid="SG.TaskPane.Url"/>', '<SourceLocation resid="SG.Taskpane.Url"/>'),
    /resid="SG.Taskpane.Url"> names no resource/,
  ],
  [
    "a resid of the wrong kind",
    (x) => x.replace('<Label resid="SG.TaskPane.Label"/>', '<Label resid="SG.TaskPane.Tip"/>'),
    /needs a short resource/,
  ],
  [
    "no JavaScript runtime for classic Outlook",
    (x) => x.replace(/<Override type="javascript"[^>]*\/>/, ""),
    /no <Override type="javascript">/,
  ],
  [
    "elements out of schema order",
    (x) =>
      x
        .replace(/\s*<Permissions>ReadWriteItem<\/Permissions>/, "")
        .replace("<FormSettings>", "<Permissions>ReadWriteItem</Permissions><FormSettings>"),
    /<FormSettings> is out of schema order/,
  ],
  ["a read-only permission", (x) => x.replace(">ReadWriteItem<", ">ReadItem<"), /not ReadWriteItem/],
  [
    "a ja-JP override missing",
    (x) => x.replace('<bt:Override Locale="ja-JP" Value="送信前チェック"/>', ""),
    /SG.TaskPane.Label has no ja-JP override/,
  ],
  [
    "a plain-http URL",
    (x) => x.replace('DefaultValue="https://localhost:47120/addin/outlook/icon-16', 'DefaultValue="http://localhost:47120/addin/outlook/icon-16'),
    /resource SG.Icon.16: "http:\/\/localhost:47120\/addin\/outlook\/icon-16.png" is not an absolute https URL/,
  ],
  ["too old a requirement set", (x) => x.replace('DefaultMinVersion="1.15"', 'DefaultMinVersion="1.11"'), /does not require Mailbox 1.15/],
  [
    "a short string that is too long",
    (x) => x.replace('DefaultValue="Check message"', `DefaultValue="${"x".repeat(MAX_SHORT_STRING + 1)}"`),
    /longer than 125/,
  ],
];

for (const [what, mutate, expected] of XML_BREAKAGES) {
  test(`the XML check rejects ${what}`, () => {
    const good = renderXml();
    const bad = mutate(good);
    assert.notEqual(bad, good, "the mutation applies");
    const { problems } = checkXmlManifest(bad);
    assert.ok(problems.some((p) => expected.test(p)), `expected ${expected} in ${JSON.stringify(problems)}`);
  });
}

// Each mutation breaks the rendered unified manifest; Microsoft's schema or our cross-check must catch it.
const event0 = (m) => m.extensions[0].autoRunEvents[0].events[0];
const JSON_BREAKAGES = [
  [
    "the XML spelling of the send mode",
    (m) => (event0(m).options.sendMode = "SoftBlock"),
    /sendMode must be equal to one of the allowed values/,
  ],
  ["a runtime without its page", (m) => delete m.extensions[0].runtimes[1].code.page, /must have required property 'page'/],
  ["an unknown property", (m) => (event0(m).sendMode = "block"), /must NOT have additional properties/],
  ["a short name over 30 characters", (m) => (m.name.short = "S".repeat(31)), /\/name\/short must NOT have more than 30 characters/],
  ["a non-GUID id", (m) => (m.id = "sendguard"), /\/id must match pattern/],
  [
    "a plain-http runtime script",
    (m) => (m.extensions[0].runtimes[1].code.script = "http://localhost:47120/addin/outlook/launchevent.js"),
    /"http:\/\/localhost:47120\/addin\/outlook\/launchevent.js" is not an absolute https URL/,
  ],
  ["a dangling event action", (m) => (event0(m).actionId = "onSend"), /runs action "onSend", which no runtime defines/],
  [
    "a button whose action does not exist",
    (m) => (m.extensions[0].ribbons[0].tabs[0].groups[0].controls[0].actionId = "nope"),
    /control "SendGuardTaskPane" runs action "nope"/,
  ],
  ["the event handled by a page action", (m) => (event0(m).actionId = "openSendGuardTaskPane"), /is not executeFunction/],
];

for (const [what, mutate, expected] of JSON_BREAKAGES) {
  test(`the unified manifest check rejects ${what}`, async () => {
    const { manifest, jaJp } = renderJson();
    const broken = JSON.parse(manifest);
    mutate(broken);
    const { problems } = await checkJsonManifest(JSON.stringify(broken), jaJp);
    assert.ok(problems.some((p) => expected.test(p)), `expected ${expected} in ${JSON.stringify(problems)}`);
  });
}

test("the localization check rejects a key for a control that does not exist, and an over-long string", async () => {
  const { manifest, jaJp } = renderJson();
  const ja = JSON.parse(jaJp);
  ja["extensions[0].ribbons[0].tabs[0].groups[0].controls[3].label"] = "存在しない";
  ja["description.short"] = "長".repeat(81);
  const { problems } = await checkJsonManifest(manifest, JSON.stringify(ja));
  const found = (re) => assert.ok(problems.some((p) => re.test(p)), `expected ${re} in ${JSON.stringify(problems)}`);
  found(/controls\[3\]\.label" names no string/);
  found(/ja-jp\.json: \/description\.short must NOT have more than 80 characters/);
});

test("the schema check never goes to the network, even for a schema URL the package does not carry", async () => {
  const m = JSON.parse(renderJson().manifest);
  m.$schema = "https://example.invalid/schema.json";
  await assert.rejects(schemaErrors(m), /network access attempted: https:\/\/example\.invalid\/schema\.json/);
});

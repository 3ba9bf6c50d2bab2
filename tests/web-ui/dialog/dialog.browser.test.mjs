// The check dialog in real headless Chromium: rendering of real verdicts, the Send rule, keyboard use, fixes, countdown, both languages, the Thunderbird entry page, and the docs screenshots.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, afterEach, before, describe, it } from "node:test";

import { chromium } from "playwright-core";

import { CHROMIUM, CHROMIUM_ARGS } from "../chromium.mjs";
import { startStaticServer } from "../static-server.mjs";
import { loadFixture, massFixture, repoRoot } from "./helpers.mjs";

const VIEWPORT = { width: 720, height: 640 }; // the popup the dialog is designed for
const HARNESS = "/tests/web-ui/dialog/fixtures/harness.html";

let server;
let context;
let userDataDir;
let page;
let pageErrors;

before(async () => {
  server = await startStaticServer(repoRoot, ["/web-ui/", "/tests/web-ui/"]);
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-dialog-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    locale: "ja-JP",
  });
});

after(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

afterEach(async () => {
  const errors = pageErrors;
  await page?.close();
  page = null;
  assert.deepEqual(errors ?? [], [], "no script errors on the page");
});

async function newPage({ clock = false } = {}) {
  page = await context.newPage();
  pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  if (clock) await page.clock.install();
  return page;
}

/** Opens the harness and mounts the dialog with `fixture` ({verdict, draft, options}) and `extra` config. */
async function openDialog(fixture, extra = {}, opts = {}) {
  await newPage(opts);
  await page.goto(server.url + HARNESS);
  await page.waitForFunction(() => window.sgTest);
  await page.evaluate((config) => window.sgTest.mount(config), { ready: fixture, ...extra });
  await page.waitForSelector('[data-testid="sg-dialog"][data-ready="true"]');
  return page;
}

const calls = (method) => page.evaluate((m) => window.sgTest.callsOf(m), method);
const waitForCall = (method, n = 1) => page.waitForFunction(([m, k]) => window.sgTest.callsOf(m).length >= k, [method, n]);
const focusedTestId = () => page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.tagName);
const sendDisabled = () => page.locator('[data-testid="send"]').isDisabled();
// Give the page's promise chains a few turns, so a done() that should not happen would have.
const settle = () => page.evaluate(() => new Promise((r) => setTimeout(r, 50)));

async function tickAllRequired() {
  // Tick boxes that are not ticked yet, as a person (or the e2e hook) would: one click each.
  for (;;) {
    const box = page.locator("input[type=checkbox][data-required]:not(:checked)").first();
    if (!(await box.count())) break;
    await box.click();
  }
}

describe("rendering real verdicts", () => {
  it("groups recipients internal / external and external ones by domain, highlighted", async () => {
    await openDialog(loadFixture("ja-mixed"));
    assert.equal(await page.getAttribute('[data-testid="sg-dialog"]', "data-action"), "justify");
    assert.equal(await page.getAttribute('[data-testid="sg-dialog"]', "lang"), "ja");
    const layout = await page.evaluate(() =>
      [...document.querySelectorAll(".sg-recipients")].map((section) => ({
        heading: section.querySelector("h2").textContent,
        external: section.classList.contains("sg-recipients-external"),
        groups: [...section.querySelectorAll(".sg-group")].map((g) => [
          g.dataset.domain,
          [...g.querySelectorAll(".sg-recipient")].map((r) => r.dataset.address),
        ]),
      })),
    );
    assert.deepEqual(layout, [
      {
        heading: "社外の宛先（3 件・2 ドメイン）",
        external: true,
        groups: [
          ["ibuki-johosystem.example", ["y.takagi@ibuki-johosystem.example"]],
          ["akane-kogyo.example", ["hanako.sato@akane-kogyo.example", "ichiro.tanaka@akane-kogyo.example"]],
        ],
      },
      { heading: "社内の宛先（1 件）", external: false, groups: [["hayabusa-insatsu.example", ["ichiro.suzuki@hayabusa-insatsu.example"]]] },
    ]);
    // External rows are marked by class, by a text badge and by a colour of their own.
    const look = await page.evaluate(() => {
      const row = (a) => document.querySelector(`.sg-recipient[data-address="${a}"]`);
      const ext = row("hanako.sato@akane-kogyo.example");
      const int = row("ichiro.suzuki@hayabusa-insatsu.example");
      const watch = row("y.takagi@ibuki-johosystem.example");
      return {
        extClass: ext.className,
        intClass: int.className,
        extBg: getComputedStyle(ext).backgroundColor,
        intBg: getComputedStyle(int).backgroundColor,
        extBadges: [...ext.querySelectorAll(".sg-badge")].map((b) => b.textContent),
        intBadges: [...int.querySelectorAll(".sg-badge")].map((b) => b.textContent),
        watchBadges: [...watch.querySelectorAll(".sg-badge")].map((b) => b.textContent),
        watchReasons: [...watch.querySelectorAll(".sg-reason")].map((r) => r.textContent),
        extRequired: ext.querySelector("input[data-required]") !== null,
        intCheckbox: int.querySelector("input") !== null,
      };
    });
    assert.match(look.extClass, /\bsg-external\b/);
    assert.match(look.intClass, /\bsg-internal\b/);
    assert.notEqual(look.extBg, look.intBg);
    assert.deepEqual(look.extBadges, ["To", "社外"]);
    assert.deepEqual(look.intBadges, ["Cc"]);
    assert.deepEqual(look.watchBadges, ["Cc", "社外", "要注意リスト"]);
    assert.equal(look.watchReasons.length, 1);
    assert.match(look.watchReasons[0], /要確認リスト/);
    assert.equal(look.extRequired, true);
    assert.equal(look.intCheckbox, false, "internal recipients need no tick");
  });

  it("shows attachments with sizes and badges, and findings with message and evidence", async () => {
    await openDialog(loadFixture("ja-mixed"));
    const att = await page.evaluate(() => {
      const a = document.querySelector(".sg-attachment");
      return {
        name: a.querySelector(".sg-file").textContent,
        size: a.querySelector(".sg-size").textContent,
        badges: [...a.querySelectorAll(".sg-badge")].map((b) => b.textContent),
        reasons: [...a.querySelectorAll(".sg-reason")].map((r) => r.textContent),
      };
    });
    assert.deepEqual(att.badges, ["暗号化を推奨"]);
    assert.equal(att.name, "見積書_あかね工業.pdf");
    assert.equal(att.size, "47 KB");
    assert.match(att.reasons[0], /暗号化されていない添付ファイル/);
    const findings = await page.evaluate(() =>
      [...document.querySelectorAll(".sg-finding")].map((f) => ({
        id: f.dataset.findingId,
        required: f.querySelector("input[data-required]") !== null,
        severity: f.querySelector(".sg-badge").textContent,
        details: [...f.querySelectorAll(".sg-details li")].map((li) => li.textContent),
      })),
    );
    assert.deepEqual(
      findings.map((f) => [f.id, f.required, f.severity]),
      [
        ["recipient.watch", true, "警告"],
        ["attachment.unencrypted", true, "警告"],
        ["content.keyword", true, "警告"],
      ],
    );
    assert.deepEqual(findings[2].details, ["件名: 「社外秘」"]);
  });

  it("explains history findings: badges and “did you mean …?”", async () => {
    await openDialog(loadFixture("handmade-history"));
    const rows = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll(".sg-recipient")].map((r) => [
          r.dataset.address,
          {
            badges: [...r.querySelectorAll(".sg-badge")].map((b) => b.textContent),
            meant: r.querySelector(".sg-meant")?.textContent ?? null,
            danger: r.classList.contains("sg-sev-danger"),
          },
        ]),
      ),
    );
    assert.deepEqual(rows["sato@client-a.exmaple"], {
      badges: ["To", "社外", "初めての宛先", "似たドメイン", "初めてのドメイン"],
      meant: "sato@client-a.example の間違いではありませんか？",
      danger: true,
    });
    assert.deepEqual(rows["yamada@partner.example"].badges, ["To", "社外", "初めての宛先", "同名の別アドレス"]);
    assert.equal(rows["yamada@partner.example"].meant, "yamada.taro@partner-corp.example の間違いではありませんか？");
    assert.deepEqual(rows["kimura@other.example"].badges, ["Cc", "社外", "いつもと違う組み合わせ"]);
    assert.deepEqual(rows["taro.home@freemail.example"].badges, ["Bcc", "社外", "フリーメール"]);
    // The riskiest domain comes first.
    const first = await page.evaluate(() => document.querySelector(".sg-recipients-external .sg-group").dataset.domain);
    assert.equal(first, "client-a.exmaple");
  });

  it("shows a person in To and Cc once", async () => {
    await openDialog(loadFixture("duplicate"));
    const bob = page.locator('.sg-recipient[data-address="bob.carter@westmarch-printing.test"]');
    assert.equal(await bob.count(), 1);
    assert.deepEqual(await bob.locator(".sg-badge").allTextContents(), ["To", "Cc", "External"]);
  });

  it("never turns verdict text into markup", async () => {
    const fx = loadFixture("ja-mixed");
    const evil = '<img src=x onerror="window.__pwned=1">';
    fx.verdict.recipients[0].name = evil;
    fx.verdict.findings[0].message = `<script>window.__pwned=2</script>${evil}`;
    fx.verdict.attachments[0].name = evil;
    fx.draft.subject = evil;
    await openDialog(fx);
    await settle();
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator(".sg-dialog img, .sg-dialog script").count(), 0);
    assert.equal(await page.locator(`.sg-recipient[data-address="${fx.verdict.recipients[0].address}"] .sg-name`).textContent(), evil);
  });

  it("says so, and still cancels, when the verdict cannot be fetched", async () => {
    await openDialog(null, { readyError: "host_disconnected" });
    assert.equal(await page.getAttribute('[data-testid="sg-dialog"]', "data-action"), "error");
    assert.match(await page.locator('[role="alert"]').textContent(), /host_disconnected/);
    assert.equal(await page.locator('[data-testid="send"]').count(), 0);
    assert.equal(await focusedTestId(), "cancel");
    await page.keyboard.press("Escape");
    await waitForCall("done");
    assert.deepEqual((await calls("done"))[0].result, { outcome: "cancel", acknowledged: [], justification: "" });
  });
});

describe("the Send rule", () => {
  it("keeps Send disabled until every required box is ticked", async () => {
    await openDialog(loadFixture("reply-drift"));
    const boxes = page.locator("input[type=checkbox][data-required]");
    const n = await boxes.count();
    assert.equal(n, 4); // the drift finding and three external recipients
    for (let i = 0; i < n; i++) {
      assert.equal(await sendDisabled(), true, `disabled with ${n - i} left`);
      await boxes.nth(i).click();
    }
    assert.equal(await sendDisabled(), false);
    await boxes.nth(1).click();
    assert.equal(await sendDisabled(), true, "unticking disables it again");
    await boxes.nth(1).click();
    await page.click('[data-testid="send"]');
    await waitForCall("done");
    const [{ result }] = await calls("done");
    assert.deepEqual(result, { outcome: "send", acknowledged: ["recipient.reply_drift", "recipient.external"], justification: "" });
  });

  it("cannot be enabled from devtools: the click handler re-checks the rule", async () => {
    await openDialog(loadFixture("reply-drift"));
    await page.evaluate(() => {
      const send = document.querySelector('[data-testid="send"]');
      send.removeAttribute("disabled");
      send.disabled = false;
      // Ticking boxes behind the dialog's back does not count either.
      for (const box of document.querySelectorAll("input[data-required]")) box.checked = true;
    });
    await page.click('[data-testid="send"]');
    await page.evaluate(() => document.querySelector('[data-testid="send"]').click());
    await page.evaluate(() => document.querySelector('[data-testid="send"]').dispatchEvent(new MouseEvent("click", { bubbles: true })));
    await settle();
    assert.deepEqual(await calls("done"), []);
    assert.equal(await sendDisabled(), true, "the state put the attribute back");
    assert.equal(await page.getAttribute('[data-testid="sg-dialog"]', "data-can-send"), "false");
  });

  it("justify needs a reason of at least 4 characters", async () => {
    await openDialog(loadFixture("ja-mixed"));
    await tickAllRequired();
    assert.equal(await sendDisabled(), true, "everything ticked, no reason yet");
    const reason = page.locator('[data-testid="reason"]');
    await reason.fill("   あいう   ");
    assert.equal(await sendDisabled(), true);
    assert.match(await page.locator(".sg-justify-hint").textContent(), /あと 1 文字/);
    await reason.fill("  先方のご依頼  ");
    assert.equal(await sendDisabled(), false);
    await page.click('[data-testid="send"]');
    await waitForCall("done");
    const [{ result }] = await calls("done");
    assert.equal(result.outcome, "send");
    assert.equal(result.justification, "先方のご依頼");
    assert.deepEqual(result.acknowledged, ["recipient.watch", "attachment.unencrypted", "content.keyword", "recipient.external"]);
  });

  it("block has no Send button, says why and offers the fix", async () => {
    await openDialog(loadFixture("blocked"));
    assert.equal(await page.getAttribute('[data-testid="sg-dialog"]', "data-action"), "block");
    assert.equal(await page.locator('[data-testid="send"]').count(), 0);
    assert.equal(await page.locator("input[data-required]").count(), 0);
    assert.equal(await page.locator('.sg-banner[role="alert"] h1').textContent(), "このメールは送信できません");
    assert.match(await page.locator('.sg-finding[data-finding-id="recipient.blocked"] .sg-message').textContent(), /送信禁止リスト/);
    assert.equal(await page.locator('[data-fix-kind="remove_recipient"]').count(), 1);
    assert.equal(await focusedTestId(), "cancel");
  });
});

describe("keyboard", () => {
  it("starts on Cancel; Escape cancels", async () => {
    await openDialog(loadFixture("ja-mixed"));
    assert.equal(await focusedTestId(), "cancel");
    // Escape that ends a Japanese IME conversion belongs to the IME.
    await page.evaluate(() =>
      document.activeElement.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", isComposing: true, bubbles: true })),
    );
    await settle();
    assert.deepEqual(await calls("done"), []);
    await page.keyboard.press("Escape");
    await waitForCall("done");
    assert.deepEqual((await calls("done"))[0].result, { outcome: "cancel", acknowledged: [], justification: "" });
    assert.equal(await page.getAttribute('[data-testid="sg-dialog"]', "data-outcome"), "cancel");
  });

  it("Enter on the focused Cancel cancels (Cancel is the default)", async () => {
    await openDialog(loadFixture("reply-drift"));
    await page.keyboard.press("Enter");
    await waitForCall("done");
    assert.equal((await calls("done"))[0].result.outcome, "cancel");
  });

  it("goes all the way to Send with Tab, Space, typing and Enter", async () => {
    await openDialog(loadFixture("ja-mixed"));
    const seen = [];
    let sent = false;
    for (let i = 0; i < 60 && !sent; i++) {
      await page.keyboard.press("Tab");
      const el = await page.evaluate(() => {
        const a = document.activeElement;
        const style = getComputedStyle(a);
        return {
          testid: a.dataset.testid ?? null,
          tag: a.tagName,
          required: a.hasAttribute("data-required"),
          checked: a.checked ?? null,
          outline: `${style.outlineStyle} ${style.outlineWidth}`,
          inside: Boolean(a.closest('[data-testid="sg-dialog"]')),
        };
      });
      assert.ok(el.inside, "focus never leaves the dialog");
      seen.push(el.testid ?? el.tag);
      if (el.required) assert.equal(el.outline, "solid 3px", "a visible focus ring");
      if (el.required && !el.checked) await page.keyboard.press("Space");
      if (el.testid === "reason") await page.keyboard.type("先方のご依頼により送付");
      if (el.testid === "send") {
        await page.keyboard.press("Enter");
        sent = true;
      }
    }
    assert.ok(sent, `reached Send; focus went ${seen.join(" → ")}`);
    await waitForCall("done");
    const [{ result }] = await calls("done");
    assert.equal(result.outcome, "send");
    assert.equal(result.justification, "先方のご依頼により送付");
  });

  it("keeps Tab and Shift+Tab inside the dialog", async () => {
    await openDialog(loadFixture("reply-drift"));
    await page.keyboard.press("Tab"); // Cancel is last: Tab wraps to the first box
    const first = await page.evaluate(() => document.activeElement.matches("input[data-required]"));
    assert.ok(first);
    await page.keyboard.press("Shift+Tab");
    assert.equal(await focusedTestId(), "cancel");
  });

  it("lets the whole row label toggle its box", async () => {
    await openDialog(loadFixture("ja-mixed"));
    const row = page.locator('.sg-recipient[data-address="hanako.sato@akane-kogyo.example"]');
    await row.locator(".sg-name").click();
    assert.equal(await row.locator("input").isChecked(), true);
    await row.locator(".sg-address").click();
    assert.equal(await row.locator("input").isChecked(), false);
    const aria = await page.evaluate(() =>
      [...document.querySelectorAll("input[type=checkbox]")].every((b) => b.closest("label") || b.getAttribute("aria-label")),
    );
    assert.ok(aria, "every box has a label");
  });
});

describe("fixes", () => {
  it("a block is fixed with one click: the adapter gets the suggestion and the dialog re-renders", async () => {
    const fixed = loadFixture("blocked.after-fix");
    await openDialog(loadFixture("blocked"), { fixes: [{ verdict: fixed.verdict, draft: fixed.draft }] });
    await page.click('[data-fix-kind="remove_recipient"]');
    await page.waitForSelector('[data-testid="sg-dialog"][data-action="allow"]');
    assert.deepEqual((await calls("fix")).map((c) => c.suggestion), [fixed.suggestion]);
    assert.equal(await page.locator('.sg-recipient[data-address="sanot@akane-kogyo.example"]').count(), 0);
    assert.equal(await sendDisabled(), false, "allow after the fix: Send enabled");
    assert.equal(await focusedTestId(), "cancel");
    await page.click('[data-testid="send"]');
    await waitForCall("done");
    assert.equal((await calls("done"))[0].result.outcome, "send");
  });

  it("move_to_bcc sends every address and shows them in Bcc afterwards", async () => {
    const fixed = loadFixture("mass-visible.after-fix");
    await openDialog(loadFixture("mass-visible"), { fixes: [{ verdict: fixed.verdict, draft: fixed.draft }] });
    await page.click('[data-fix-kind="move_to_bcc"]');
    await page.waitForSelector('[data-testid="sg-dialog"][data-action="confirm"]');
    const [{ suggestion }] = await calls("fix");
    assert.equal(suggestion.kind, "move_to_bcc");
    assert.equal(suggestion.addresses.length, 16);
    const fields = await page.locator(".sg-recipient .sg-badge-field-bcc").count();
    assert.equal(fields, 16);
    assert.equal(await page.locator('[data-fix-kind="move_to_bcc"]').count(), 0);
  });

  it("keeps the ticks of unchanged items and the reason across a fix", async () => {
    const fx = loadFixture("handmade-history");
    const v = structuredClone(fx.verdict);
    v.recipients = v.recipients.filter((r) => r.address !== "kimura@other.example");
    v.findings = v.findings.filter((f) => f.id !== "recipient.outlier");
    const draft = { ...fx.draft, cc: fx.draft.cc.filter((r) => r.address !== "kimura@other.example") };
    await openDialog(fx, { fixes: [{ verdict: v, draft }] });
    await tickAllRequired();
    await page.fill('[data-testid="reason"]', "急ぎの依頼");
    await page.click('[data-fix-kind="remove_recipient"]');
    await page.waitForFunction(() => !document.querySelector('[data-fix-kind="remove_recipient"]'));
    assert.deepEqual((await calls("fix"))[0].suggestion, { kind: "remove_recipient", address: "kimura@other.example" });
    assert.equal(await page.locator("input[data-required]:not(:checked)").count(), 0);
    assert.equal(await page.inputValue('[data-testid="reason"]'), "急ぎの依頼");
    assert.equal(await sendDisabled(), false);
  });

  it("shows a failed fix and leaves the dialog as it was", async () => {
    await openDialog(loadFixture("blocked"), { fixes: [{ error: { code: "host_timeout", message: "ホストが応答しません" } }] });
    await page.click('[data-fix-kind="remove_recipient"]');
    await page.waitForSelector('.sg-error[role="alert"]:not([hidden])');
    assert.match(await page.locator(".sg-footer .sg-error").textContent(), /ホストが応答しません/);
    assert.equal(await page.getAttribute('[data-testid="sg-dialog"]', "data-action"), "block");
    assert.equal(await page.locator('[data-fix-kind="remove_recipient"]').isDisabled(), false);
  });
});

describe("encrypting attachments", () => {
  const PASSWORD = "Kq7-vT2m-Xp9w-Lr4z";

  // The host's answer after the encrypt fix: the archive instead of the PDF, no unencrypted finding.
  function afterEncrypt(fx, name, size) {
    const v = structuredClone(fx.verdict);
    v.check_id = `${v.check_id}-encrypted`;
    v.findings = v.findings.filter((f) => f.id !== "attachment.unencrypted");
    v.attachments = [{ name, size, content_type: "application/zip", encrypted: true, encrypt_recommended: false, findings: [] }];
    const draft = { ...fx.draft, attachments: [{ name, size }] };
    return { verdict: v, draft, archive: { name, size, password: PASSWORD } };
  }

  async function encryptByKeyboard() {
    // Keyboard only: Tab to the encrypt button, Enter.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement?.dataset?.fixKind === "encrypt_attachments")) break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.fixKind), "encrypt_attachments", "reachable with Tab");
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-testid="archive-password"]');
  }

  it("offers one Encrypt button; after it, the archive replaces the file and the password is shown with advice", async () => {
    const fx = loadFixture("ja-mixed");
    await openDialog(fx, { fixes: [afterEncrypt(fx, "見積書_あかね工業.zip", 48_600)] });
    const button = page.locator('[data-fix-kind="encrypt_attachments"]');
    assert.equal(await button.count(), 1);
    assert.equal(await button.textContent(), "添付ファイル 1 件をパスワード付き ZIP に暗号化する");
    assert.equal(await page.locator('.sg-finding[data-finding-id="attachment.unencrypted"] [data-fix-kind="encrypt_attachments"]').count(), 1);
    await encryptByKeyboard();
    assert.deepEqual((await calls("fix")).map((c) => c.suggestion), [{ kind: "encrypt_attachments", names: ["見積書_あかね工業.pdf"] }]);

    assert.equal(await page.locator('[data-testid="archive-password"]').textContent(), PASSWORD);
    assert.equal(await page.locator('[data-fix-kind="encrypt_attachments"]').count(), 0, "nothing left to encrypt");
    const panel = await page.evaluate(() => {
      const section = document.querySelector(".sg-archive");
      return {
        first: document.querySelector(".sg-main .sg-section") === section,
        heading: section.querySelector("h2").textContent,
        file: section.querySelector(".sg-archive-file").textContent,
        advice: section.querySelector(".sg-advice").textContent,
        fontSize: parseFloat(getComputedStyle(section.querySelector(".sg-password")).fontSize),
        noted: section.querySelector("input[data-required]") !== null,
        attachments: [...document.querySelectorAll(".sg-attachment")].map((a) => [a.dataset.name, [...a.querySelectorAll(".sg-badge")].map((b) => b.textContent)]),
      };
    });
    assert.ok(panel.first, "the password comes first");
    assert.equal(panel.heading, "添付ファイルを暗号化しました");
    assert.match(panel.file, /見積書_あかね工業\.zip（47 KB）/);
    assert.match(panel.advice, /電話・チャット・SMS/);
    assert.match(panel.advice, /別のメールで送らないでください/);
    assert.ok(panel.fontSize >= 18, "the password is big");
    assert.ok(panel.noted, "noting the password is required");
    assert.deepEqual(panel.attachments, [["見積書_あかね工業.zip", ["暗号化済み"]]]);
    assert.equal(await focusedTestId(), "copy-password", "the next thing to do: copy it");

    // Send needs the password ticked as noted, like everything else.
    await page.fill('[data-testid="reason"]', "先方のご依頼により送付");
    const boxes = page.locator("input[type=checkbox][data-required]");
    for (let i = 1; i < (await boxes.count()); i++) await boxes.nth(i).click();
    assert.equal(await sendDisabled(), true, "the password is not ticked yet");
    await page.locator(".sg-archive input[data-required]").click();
    assert.equal(await sendDisabled(), false);
    await page.click('[data-testid="send"]');
    await waitForCall("done");
    const [{ result }] = await calls("done");
    assert.equal(result.outcome, "send");
    assert.ok(!result.acknowledged.includes("attachment.unencrypted"));
  });

  it("Copy puts the password on the clipboard; where that is refused, it selects the text", async () => {
    const fx = loadFixture("ja-mixed");
    await openDialog(fx, { fixes: [afterEncrypt(fx, "見積書.zip", 1000)] });
    await page.evaluate(() => {
      window.sgCopied = [];
      Object.defineProperty(navigator.clipboard, "writeText", {
        configurable: true,
        value: async (text) => {
          window.sgCopied.push(text);
        },
      });
    });
    await page.click('[data-fix-kind="encrypt_attachments"]');
    await page.waitForSelector('[data-testid="copy-password"]');
    await page.keyboard.press("Enter"); // the Copy button has the focus
    await page.waitForFunction(() => document.querySelector(".sg-copy-status").textContent !== "");
    assert.deepEqual(await page.evaluate(() => window.sgCopied), [PASSWORD]);
    assert.equal(await page.locator(".sg-copy-status").textContent(), "パスワードをコピーしました。");

    await page.evaluate(() => {
      Object.defineProperty(navigator.clipboard, "writeText", {
        configurable: true,
        value: async () => {
          throw new DOMException("Clipboard write is not allowed", "NotAllowedError");
        },
      });
    });
    await page.click('[data-testid="copy-password"]');
    await page.waitForFunction(() => /選択しました/.test(document.querySelector(".sg-copy-status").textContent));
    assert.equal(await page.evaluate(() => String(window.getSelection())), PASSWORD, "selected for Ctrl+C");
  });

  it("speaks English for an English verdict", async () => {
    const fx = loadFixture("en-mixed");
    await openDialog(fx, { fixes: [afterEncrypt(fx, "Quotation-Westmarch-2026.zip", 48_600)] });
    assert.equal(await page.locator('[data-fix-kind="encrypt_attachments"]').textContent(), "Encrypt 1 attachment into a password-protected ZIP");
    await encryptByKeyboard();
    const text = await page.locator(".sg-archive").innerText();
    assert.match(text, /Attachments encrypted/);
    assert.match(text, /Quotation-Westmarch-2026\.zip \(47 KB\) is attached instead/);
    assert.match(text, /by another channel \(phone, chat, SMS\)/);
    assert.match(text, /Never send it in a follow-up e-mail/);
    assert.match(text, /I have noted the password/);
    assert.equal(await page.locator('[data-testid="copy-password"]').textContent(), "Copy");
    assert.doesNotMatch(await page.locator('[data-testid="sg-dialog"]').innerText(), /[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it("shows a failed encryption and stays as it was", async () => {
    await openDialog(loadFixture("ja-mixed"), {
      fixes: [{ error: { code: "not_found", message: "添付ファイルを暗号化できませんでした: ホストに暗号化する添付ファイルが残っていません" } }],
    });
    await page.click('[data-fix-kind="encrypt_attachments"]');
    await page.waitForSelector('.sg-error[role="alert"]:not([hidden])');
    assert.match(await page.locator(".sg-footer .sg-error").textContent(), /暗号化できませんでした/);
    assert.equal(await page.locator('[data-testid="archive-password"]').count(), 0);
    assert.equal(await page.locator('.sg-attachment[data-name="見積書_あかね工業.pdf"]').count(), 1);
    assert.equal(await page.locator('[data-fix-kind="encrypt_attachments"]').isDisabled(), false, "it can be tried again");
  });
});

describe("countdown", () => {
  it("counts down after Send, with Send now", async () => {
    await openDialog(loadFixture("duplicate"), {}, { clock: true });
    await tickAllRequired();
    await page.click('[data-testid="send"]');
    await page.waitForSelector('[data-testid="send-now"]');
    assert.equal(await page.locator(".sg-countdown-text").textContent(), "Sending in 5 s");
    assert.equal(await focusedTestId(), "cancel");
    assert.equal(await page.locator('[data-testid="send"]').isVisible(), false);
    await page.clock.runFor(2000);
    assert.equal(await page.locator(".sg-countdown-text").textContent(), "Sending in 3 s");
    assert.deepEqual(await calls("done"), []);
    await page.click('[data-testid="send-now"]');
    await waitForCall("done");
    assert.equal((await calls("done"))[0].result.outcome, "send");
  });

  it("sends at zero", async () => {
    await openDialog(loadFixture("handmade-history"), {}, { clock: true }); // 3 s from verdict.client
    await tickAllRequired();
    await page.fill('[data-testid="reason"]', "確認済みです");
    await page.click('[data-testid="send"]');
    await page.waitForSelector('[data-testid="send-now"]');
    await page.clock.runFor(2900);
    assert.deepEqual(await calls("done"), []);
    await page.clock.runFor(200);
    await waitForCall("done");
    assert.equal((await calls("done"))[0].result.outcome, "send");
  });

  it("Cancel during the countdown cancels, and nothing is sent later", async () => {
    await openDialog(loadFixture("duplicate"), {}, { clock: true });
    await tickAllRequired();
    await page.click('[data-testid="send"]');
    await page.waitForSelector('[data-testid="send-now"]');
    await page.keyboard.press("Enter"); // focus is on Cancel
    await waitForCall("done");
    await page.clock.runFor(10000);
    const done = await calls("done");
    assert.deepEqual(done.map((c) => c.result.outcome), ["cancel"]);
  });
});

describe("languages", () => {
  it("speaks English for an English verdict", async () => {
    await openDialog(loadFixture("en-mixed"));
    assert.equal(await page.getAttribute('[data-testid="sg-dialog"]', "lang"), "en");
    assert.equal(await page.locator("h1").textContent(), "A reason is required");
    assert.equal(await page.locator('[data-testid="send"]').textContent(), "Send");
    assert.equal(await page.locator('[data-testid="cancel"]').textContent(), "Cancel");
    assert.equal(await page.locator(".sg-recipients-external h2").textContent(), "External recipients (3, 2 domains)");
    assert.equal(await page.locator(".sg-attachment .sg-size").textContent(), "47 KB");
    assert.match(await page.locator(".sg-status").textContent(), /7 items left to tick/);
    // Nothing Japanese leaks into the English dialog (the verdict's own text is English too).
    const text = await page.locator('[data-testid="sg-dialog"]').innerText();
    assert.doesNotMatch(text, /[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it("speaks Japanese for a Japanese verdict", async () => {
    await openDialog(loadFixture("ja-mixed"));
    assert.equal(await page.locator("h1").textContent(), "送信する理由が必要です");
    assert.equal(await page.locator('[data-testid="send"]').textContent(), "送信");
    assert.equal(await page.locator('[data-testid="cancel"]').textContent(), "キャンセル");
    assert.match(await page.locator(".sg-status").textContent(), /あと 7 件/);
    assert.equal(await page.title(), "SendGuard — 送信前の確認");
  });
});

describe("a mass mail", () => {
  it("stays usable with 4,500 recipients: folded domains, tick per domain, scrolling list", async () => {
    const started = Date.now();
    await openDialog(massFixture(4500, 30));
    const renderMs = Date.now() - started;
    assert.ok(renderMs < 5000, `rendered in ${renderMs} ms`);
    assert.equal(await page.locator(".sg-recipients-external .sg-group").count(), 30);
    assert.equal(await page.locator(".sg-recipient").count(), 0, "folded groups keep their rows out of the page");
    // The footer stays on screen; the list scrolls.
    const geometry = await page.evaluate(() => {
      const main = document.querySelector(".sg-main");
      const cancel = document.querySelector('[data-testid="cancel"]').getBoundingClientRect();
      return { scrolls: main.scrollHeight > main.clientHeight, cancelBottom: cancel.bottom, height: innerHeight };
    });
    assert.ok(geometry.scrolls);
    assert.ok(geometry.cancelBottom <= geometry.height);
    // Unfold one domain, tick it as a whole, fold it again: its 150 rows come and go.
    const group = page.locator(".sg-group").first();
    await group.locator('[data-testid="toggle-domain"]').click();
    assert.equal(await group.locator(".sg-recipient").count(), 150);
    assert.equal(await group.locator('[data-testid="tick-domain"]').getAttribute("data-required"), null);
    await group.locator('[data-testid="tick-domain"]').click();
    assert.equal(await group.locator(".sg-recipient input:checked").count(), 150);
    await group.locator(".sg-recipient input").first().click();
    assert.equal(await group.locator('[data-testid="tick-domain"]').evaluate((b) => b.indeterminate), true);
    await group.locator('[data-testid="toggle-domain"]').click();
    assert.equal(await group.locator(".sg-recipient").count(), 0);
    // What the e2e hook does: tick every unticked [data-required] box; folded groups' boxes stand in.
    const t0 = Date.now();
    await tickAllRequired();
    await page.fill('[data-testid="reason"]', "全員に周知が必要なため");
    assert.equal(await sendDisabled(), false);
    assert.ok(Date.now() - t0 < 10000);
    // And the shortcut for everyone external, offered because this is a mass mail.
    await page.locator('[data-testid="tick-all-external"]').click();
    assert.equal(await sendDisabled(), true);
    await page.locator('[data-testid="tick-all-external"]').click();
    assert.equal(await sendDisabled(), false);
  });
});

describe("the Thunderbird entry page", () => {
  it("asks the background for the session, reports the result and closes; closing early cancels", async () => {
    const fx = loadFixture("reply-drift");
    await newPage();
    await page.addInitScript((answer) => {
      window.sgMessages = [];
      window.sgClosed = 0;
      window.close = () => {
        window.sgClosed += 1;
      };
      // The background's side of web-ui/README.md "Background ⇄ dialog page".
      window.browser = {
        runtime: {
          async sendMessage(message) {
            window.sgMessages.push(JSON.parse(JSON.stringify(message)));
            if (message.type === "sg-dialog-ready") return answer;
            if (message.type === "sg-dialog-done") return { ok: true };
            return { error: { code: "invalid_request", message: "unexpected" } };
          },
        },
      };
    }, fx);
    const missingHook = page.waitForResponse((r) => r.url().endsWith("/web-ui/test/dialog-hook.js"));
    await page.goto(`${server.url}/web-ui/dialog/dialog.html?session=s-42`);
    await page.waitForSelector('[data-testid="sg-dialog"][data-ready="true"]');
    assert.equal((await missingHook).status(), 404, "a release build has no test hook, and that is fine");
    assert.equal(await page.evaluate(() => document.compatMode), "CSS1Compat");
    assert.equal(await focusedTestId(), "cancel");
    await tickAllRequired();
    await page.click('[data-testid="send"]');
    await page.waitForFunction(() => window.sgClosed > 0);
    // A late pagehide (the window closing) must not add a cancel after the send.
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent("pagehide")));
    const messages = await page.evaluate(() => window.sgMessages);
    assert.deepEqual(messages.map((m) => [m.type, m.session]), [["sg-dialog-ready", "s-42"], ["sg-dialog-done", "s-42"]]);
    assert.deepEqual(messages[1].result, { outcome: "send", acknowledged: ["recipient.reply_drift", "recipient.external"], justification: "" });

    // Closing the window before answering is a cancel.
    await page.goto(`${server.url}/web-ui/dialog/dialog.html?session=s-43`);
    await page.waitForSelector('[data-testid="sg-dialog"][data-ready="true"]');
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent("pagehide")));
    const early = await page.evaluate(() => window.sgMessages);
    assert.deepEqual(early.map((m) => [m.type, m.session, m.result?.outcome]), [
      ["sg-dialog-ready", "s-43", undefined],
      ["sg-dialog-done", "s-43", "cancel"],
    ]);
  });
});

describe("screenshots for the docs", () => {
  // Refreshed on every run so that docs/ shows the dialog as it is; a failure to write fails the test.
  async function shoot(fixture, file) {
    await openDialog(loadFixture(fixture));
    // One box ticked without moving the focus, so Cancel keeps its ring as when the dialog opens.
    await page.evaluate(() => document.querySelector(".sg-finding input[data-required]").click());
    assert.equal(await focusedTestId(), "cancel");
    await page.evaluate(() => document.fonts.ready);
    const out = path.join(repoRoot, "docs", file);
    const started = Date.now();
    await page.screenshot({ path: out });
    const stat = fs.statSync(out);
    assert.ok(stat.size > 10000, `${file} has content`);
    assert.ok(stat.mtimeMs >= started - 2000, `${file} was just written`);
    const png = fs.readFileSync(out).subarray(0, 8);
    assert.deepEqual([...png], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  }

  it("docs/dialog.png (Japanese)", async () => {
    // Without a Japanese font the screenshot would show boxes instead of text.
    let families = "";
    try {
      families = execFileSync("fc-list", [":lang=ja", "family"], { encoding: "utf8" });
    } catch {
      // fc-list missing: no fontconfig, so no Japanese font either
    }
    assert.ok(families.trim(), "a Japanese font is installed (Debian: fonts-noto-cjk)");
    await shoot("ja-mixed", "dialog.png");
  });

  it("docs/dialog-en.png (English)", async () => {
    await shoot("en-mixed", "dialog-en.png");
  });
});

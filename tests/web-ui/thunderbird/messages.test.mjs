// messages.js: every string the background and the notice show exists in Japanese and English.
import { test } from "node:test";
import assert from "node:assert/strict";

import { FAILURE_CODES, describeFailure, localeOf, t } from "../../../web-ui/thunderbird/messages.js";

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

test("every failure has a reason and advice in both languages", () => {
  for (const code of FAILURE_CODES) {
    const ja = describeFailure("ja", code, { seconds: 20, detail: "x" });
    const en = describeFailure("en", code, { seconds: 20, detail: "x" });
    for (const text of [ja.reason, ja.fix]) assert.match(text, JAPANESE, `${code} (ja): ${text}`);
    for (const text of [en.reason, en.fix]) {
      assert.doesNotMatch(text, JAPANESE, `${code} (en): ${text}`);
      assert.doesNotMatch(text, /^(reason|fix)\./, `${code} (en) is a key, not a text`);
    }
    assert.doesNotMatch(ja.reason + en.reason, /\{\w+\}/, `${code}: a placeholder was left unfilled`);
  }
});

test("an unknown failure code is shown as an internal error, not as a key", () => {
  assert.deepEqual(describeFailure("en", "no_such_code"), describeFailure("en", "internal"));
});

test("placeholders are filled; the language follows the tag", () => {
  assert.equal(t("ja-JP", "reason.host_timeout", { seconds: 20 }), "SendGuard が 20 秒以内に応答しませんでした。");
  assert.equal(t("en-US", "reason.host_timeout", { seconds: 20 }), "SendGuard did not answer within 20 seconds.");
  assert.equal(t("fr", "notice.close"), "Close");
  assert.equal(localeOf("ja"), "ja");
  assert.equal(localeOf("ja_JP"), "ja");
  assert.equal(localeOf("jam"), "en");
  assert.equal(localeOf(undefined), "en");
});

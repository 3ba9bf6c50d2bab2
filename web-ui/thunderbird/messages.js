// Every user-visible string of the extension's background and notice window, in Japanese and English.

const STRINGS = {
  ja: {
    "notice.window_title": "SendGuard",
    "notice.title.stopped": "送信を中止しました",
    "notice.title.unchecked": "確認せずに送信しました",
    "notice.title.broken": "SendGuard が動作していないため送信を中止しました",
    "notice.kept": "メールは作成ウィンドウに残っています。",
    "notice.unchecked_why": "確認できないときは送信する設定（フェイルオープン）になっているため、確認せずに送信しました。",
    "notice.what_to_do": "対処方法",
    "notice.close": "閉じる",
    "reason.host_missing": "SendGuard のホストプログラム（sendguard）が見つかりません。",
    "fix.host_missing":
      "端末で「sendguard install thunderbird」を実行し、Thunderbird を再起動してください。解決しない場合はヘルプデスクに連絡してください。",
    "reason.host_timeout": "SendGuard が {seconds} 秒以内に応答しませんでした。",
    "fix.host_timeout": "もう一度送信してください。繰り返し起きる場合はヘルプデスクに連絡してください。",
    "reason.host_disconnected": "SendGuard のホストプログラムが途中で終了しました。",
    "fix.host_disconnected": "もう一度送信してください。繰り返し起きる場合はヘルプデスクに連絡してください。",
    "reason.host_error": "SendGuard はこのメールを確認できませんでした: {detail}",
    "fix.host_error": "内容を見直してもう一度送信してください。解決しない場合はヘルプデスクに連絡してください。",
    "reason.too_large": "このメールは大きすぎて確認できません。",
    "fix.too_large": "添付ファイルを減らすか小さくしてから、もう一度送信してください。",
    "reason.unresolved_recipient": "宛先「{detail}」をメールアドレスに展開できません。",
    "fix.unresolved_recipient": "アドレス帳のメーリングリストを確認するか、メールアドレスを直接入力してください。",
    "reason.collect_failed": "送信するメールの内容を読み取れませんでした: {detail}",
    "fix.collect_failed": "もう一度送信してください。繰り返し起きる場合はヘルプデスクに連絡してください。",
    "reason.dialog_failed": "確認画面を表示できませんでした。",
    "fix.dialog_failed": "もう一度送信してください。繰り返し起きる場合はヘルプデスクに連絡してください。",
    "reason.bad_verdict": "SendGuard から想定外の応答がありました。",
    "fix.bad_verdict": "ヘルプデスクに連絡してください（ホストと拡張機能の版が合っていない可能性があります）。",
    "reason.not_allowed": "確認結果が送信を許していません。",
    "fix.not_allowed": "確認画面の指示に従って宛先や添付ファイルを直してから、もう一度送信してください。",
    "reason.busy": "このメールはすでに確認中です。",
    "fix.busy": "開いている確認画面で操作してください。",
    "reason.internal": "SendGuard の拡張機能で予期しないエラーが発生しました: {detail}",
    "fix.internal": "Thunderbird を再起動してもう一度送信してください。解決しない場合はヘルプデスクに連絡してください。",
    "dialog.no_session": "この確認はすでに終了しています。",
    "dialog.bad_fix": "この修正は適用できません: {detail}",
    "dialog.recheck_failed": "修正後の確認ができませんでした: {detail}",
    "dialog.encrypt_failed": "添付ファイルを暗号化できませんでした: {detail}",
    "dialog.encrypt_not_found":
      "ホストに暗号化する添付ファイルが残っていません（確認から時間がたったか、ホストが暗号化に対応していません）。キャンセルしてもう一度送信してください",
    "dialog.encrypt_bad_archive": "ホストから受け取った暗号化ファイルが不完全です",
    "reason.swap_failed": "添付ファイルを暗号化したファイルに置き換えられませんでした: {detail}",
    "fix.swap_failed": "作成ウィンドウの添付ファイルを確認してから、もう一度送信してください。",
  },
  en: {
    "notice.window_title": "SendGuard",
    "notice.title.stopped": "Sending stopped",
    "notice.title.unchecked": "Sent without a check",
    "notice.title.broken": "Sending stopped: SendGuard is not working",
    "notice.kept": "The message is still in the compose window.",
    "notice.unchecked_why":
      "SendGuard is set to send when it cannot check (fail-open), so this message was sent without a check.",
    "notice.what_to_do": "What to do",
    "notice.close": "Close",
    "reason.host_missing": "The SendGuard host program (sendguard) was not found.",
    "fix.host_missing":
      "Run “sendguard install thunderbird” in a terminal and restart Thunderbird. If that does not help, contact your helpdesk.",
    "reason.host_timeout": "SendGuard did not answer within {seconds} seconds.",
    "fix.host_timeout": "Press Send again. If this keeps happening, contact your helpdesk.",
    "reason.host_disconnected": "The SendGuard host program stopped unexpectedly.",
    "fix.host_disconnected": "Press Send again. If this keeps happening, contact your helpdesk.",
    "reason.host_error": "SendGuard could not check this message: {detail}",
    "fix.host_error": "Review the message and press Send again. If that does not help, contact your helpdesk.",
    "reason.too_large": "This message is too large to check.",
    "fix.too_large": "Remove or shrink attachments, then press Send again.",
    "reason.unresolved_recipient": "The recipient “{detail}” could not be turned into e-mail addresses.",
    "fix.unresolved_recipient": "Check the mailing list in your address book, or type the e-mail addresses.",
    "reason.collect_failed": "The message could not be read for the check: {detail}",
    "fix.collect_failed": "Press Send again. If this keeps happening, contact your helpdesk.",
    "reason.dialog_failed": "The check dialog could not be shown.",
    "fix.dialog_failed": "Press Send again. If this keeps happening, contact your helpdesk.",
    "reason.bad_verdict": "SendGuard gave an answer the extension does not understand.",
    "fix.bad_verdict": "Contact your helpdesk (the host and the extension may not match).",
    "reason.not_allowed": "The check does not allow this message to be sent.",
    "fix.not_allowed": "Fix the recipients or attachments as the check dialog says, then press Send again.",
    "reason.busy": "This message is already being checked.",
    "fix.busy": "Use the check dialog that is already open.",
    "reason.internal": "Unexpected error in the SendGuard extension: {detail}",
    "fix.internal": "Restart Thunderbird and press Send again. If that does not help, contact your helpdesk.",
    "dialog.no_session": "This check has already finished.",
    "dialog.bad_fix": "This fix cannot be applied: {detail}",
    "dialog.recheck_failed": "The message could not be checked again after the fix: {detail}",
    "dialog.encrypt_failed": "The attachments could not be encrypted: {detail}",
    "dialog.encrypt_not_found":
      "the host no longer has the attachments to encrypt (the check is too old, or the host cannot encrypt). Cancel and press Send again",
    "dialog.encrypt_bad_archive": "the encrypted file received from the host is incomplete",
    "reason.swap_failed": "The attachments could not be replaced by the encrypted file: {detail}",
    "fix.swap_failed": "Check the attachments in the compose window, then press Send again.",
  },
};

/** Failure codes with their own reason and advice; anything else is shown as "internal". */
export const FAILURE_CODES = Object.freeze([
  "host_missing",
  "host_timeout",
  "host_disconnected",
  "host_error",
  "too_large",
  "unresolved_recipient",
  "collect_failed",
  "dialog_failed",
  "bad_verdict",
  "not_allowed",
  "busy",
  "swap_failed",
  "internal",
]);

/** "ja", "ja-JP" → "ja"; every other tag → "en". */
export function localeOf(tag) {
  return typeof tag === "string" && /^ja(\b|[-_])/i.test(tag) ? "ja" : "en";
}

/** The string `key` in `locale` with `{name}` placeholders filled from `vars`. */
export function t(locale, key, vars = {}) {
  const table = STRINGS[localeOf(locale)];
  const text = table[key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** `{reason, fix}` for a failure code, in `locale`. */
export function describeFailure(locale, code, vars = {}) {
  const known = FAILURE_CODES.includes(code) ? code : "internal";
  return { reason: t(locale, `reason.${known}`, vars), fix: t(locale, `fix.${known}`, vars) };
}

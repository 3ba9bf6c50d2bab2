// Every string the check dialog shows, in Japanese and English, chosen by the verdict's locale.

const nf = { ja: new Intl.NumberFormat("ja-JP"), en: new Intl.NumberFormat("en-US") };
const num = (locale, n) => nf[locale].format(n);

const JA = {
  title: "送信前の確認",
  loading: "確認しています…",
  loadError: (m) => `確認結果を受け取れませんでした: ${m}`,
  headline: {
    confirm: "送信前に確認してください",
    justify: "送信する理由が必要です",
    block: "このメールは送信できません",
    allow: "問題は見つかりませんでした",
    unknown: "この確認結果には対応していません",
  },
  explain: {
    confirm: "社外の宛先・添付ファイル・警告をひとつずつ確かめてチェックを入れてください。すべてにチェックを入れると送信できます。",
    justify: "すべてにチェックを入れ、送信する理由を入力してください。理由は監査ログに記録されます。",
    block: "下の理由で送信が止められています。修正ボタンで直すか、キャンセルしてメールを直してください。",
    allow: "このまま送信できます。",
    unknown: (a) => `確認結果の種類「${a}」はこのバージョンでは扱えません。キャンセルしてください。`,
  },
  from: "差出人",
  subject: "件名",
  noSubject: "（件名なし）",
  findingsHeading: "確認が必要な点",
  attachmentsHeading: (n) => `添付ファイル（${num("ja", n)} 件）`,
  externalHeading: (n, d) => `社外の宛先（${num("ja", n)} 件・${num("ja", d)} ドメイン）`,
  internalHeading: (n) => `社内の宛先（${num("ja", n)} 件）`,
  noAttachments: "添付ファイルはありません",
  noRecipients: "宛先がありません",
  severity: { danger: "危険", warning: "警告", info: "情報" },
  field: { to: "To", cc: "Cc", bcc: "Bcc" },
  badge: {
    external: "社外",
    first_time: "初めての宛先",
    first_time_domain: "初めてのドメイン",
    lookalike: "似たドメイン",
    same_name: "同名の別アドレス",
    outlier: "いつもと違う組み合わせ",
    watch: "要注意リスト",
    blocked: "送信禁止",
    freemail: "フリーメール",
    reply_drift: "元のスレッドにない宛先",
    mass_visible: "To/Cc で一斉送信",
    other: "要確認",
    encrypted: "暗号化済み",
    encrypt_recommended: "暗号化を推奨",
    risky_type: "危険な種類のファイル",
    mismatch: "宛先と合わない内容",
  },
  didYouMean: (x) => `${x} の間違いではありませんか？`,
  groupCount: (n) => `${num("ja", n)} 件`,
  groupTicked: (k, n) => `${num("ja", k)}/${num("ja", n)} 件確認済み`,
  groupFlagged: (n) => `要注意 ${num("ja", n)} 件`,
  tickDomain: (d, n) => `${d} の ${num("ja", n)} 件すべてにチェック`,
  tickAllExternal: (n) => `社外の宛先 ${num("ja", n)} 件すべてにチェック`,
  show: (n) => `表示（${num("ja", n)} 件）`,
  hide: "閉じる",
  evidence: {
    subject: (q) => `件名: 「${q}」`,
    body: (pos, q) => (q ? `本文 ${num("ja", pos)} 文字目: 「${q}」` : `本文 ${num("ja", pos)} 文字目`),
    recipients: (list) => `宛先: ${list}`,
    attachments: (list) => `添付: ${list}`,
    inside: (name, where, q) => `添付「${name}」${where ? `（${where}）` : ""}${q ? `: 「${q}」` : ""}`,
    more: (n) => `ほか ${num("ja", n)} 件`,
    keyword: (k, n) => `キーワード「${k}」${num("ja", n)} 回`,
    listEntry: (a, e) => `${a}（リストの「${e}」に該当）`,
    thread: (list) => `元のスレッドの組織: ${list}`,
    newOrgs: (list) => `追加された組織: ${list}`,
    massVisible: (n, o) => `To/Cc に社外の宛先 ${num("ja", n)} 件（${num("ja", o)} 組織）`,
    risky: (name, why) => `${name}: ${why}`,
    riskyReason: {
      extension: (d) => `拡張子 .${d}`,
      executable_content: (d) => `中身が実行ファイル（${d}）`,
      macro_content: () => "マクロを含む Office 文書",
      archive_entry: (d) => `ZIP の中に ${d}`,
      bidi_control: () => "ファイル名に文字の向きを変える制御文字",
    },
    contentUnavailable: "内容が送られていないため暗号化を確認できません",
  },
  fix: {
    move_to_bcc: (n) => `${num("ja", n)} 件を Bcc に移す`,
    replace_recipient: (a, b) => `${a} を ${b} に置き換える`,
    remove_recipient: (a) => `${a} を宛先から外す`,
    encrypt_attachments: (n) => `添付ファイル ${num("ja", n)} 件をパスワード付き ZIP に暗号化する`,
  },
  archive: {
    heading: "添付ファイルを暗号化しました",
    file: (name, size) => `元のファイルは送信せず、代わりに ${name}（${size}）を添付します。`,
    passwordLabel: "パスワード",
    copy: "コピー",
    copyLabel: "パスワードをコピー",
    copied: "パスワードをコピーしました。",
    selected: "パスワードを選択しました。Ctrl+C（Mac では ⌘+C）でコピーしてください。",
    advice:
      "このパスワードは、メールとは別の方法（電話・チャット・SMS など）で相手に伝えてください。後から別のメールで送らないでください。同じメールの経路で送ると、メールを見られた人にファイルも開かれてしまいます。",
    noted: "パスワードを控えました（この画面を閉じると二度と表示されません）",
    announce: "添付ファイルを暗号化しました。パスワードを控えて、メールとは別の方法で相手に伝えてください。",
  },
  hint: {
    attach_file: "添付し忘れていないか確認してください。添付するには、キャンセルしてファイルを追加してください。",
    blockNoFix: "キャンセルしてメールを直してから、もう一度送信してください。",
  },
  reasonLabel: (n) => `送信する理由（必須・${num("ja", n)} 文字以上）`,
  reasonPlaceholder: "例: 先方のご依頼により、この宛先に送付します",
  reasonShort: (n) => `理由をあと ${num("ja", n)} 文字以上入力してください`,
  pending: (n) => `未確認の項目があと ${num("ja", n)} 件あります`,
  ready: "すべて確認しました。送信できます。",
  blockedStatus: "送信できません",
  send: "送信",
  cancel: "キャンセル",
  sendNow: "今すぐ送信",
  escHint: "Esc キーでキャンセル",
  countdown: (n) => `${num("ja", n)} 秒後に送信します`,
  countdownHint: "「キャンセル」を押すと送信しません。",
  fixing: "修正を反映して確認し直しています…",
  fixed: "修正しました。内容をもう一度確認してください。",
  fixError: (m) => `修正できませんでした: ${m}`,
  doneError: (m) => `結果を伝えられませんでした: ${m}`,
  sending: "送信しています…",
  cancelled: "キャンセルしました",
  size: (bytes) => formatSize(bytes, "ja"),
  list: (items) => items.join("、"),
  unknownError: "不明なエラー",
};

const EN = {
  title: "Check before sending",
  loading: "Checking…",
  loadError: (m) => `Could not get the check result: ${m}`,
  headline: {
    confirm: "Check before sending",
    justify: "A reason is required",
    block: "This mail cannot be sent",
    allow: "No problems found",
    unknown: "This check result is not supported",
  },
  explain: {
    confirm: "Check each external recipient, attachment and warning, and tick it. Send is enabled once everything is ticked.",
    justify: "Tick every item and type why this mail should go. The reason is kept in the audit log.",
    block: "Sending is stopped for the reasons below. Use a fix button, or cancel and edit the mail.",
    allow: "You can send this mail.",
    unknown: (a) => `This version cannot handle the check result “${a}”. Please cancel.`,
  },
  from: "From",
  subject: "Subject",
  noSubject: "(no subject)",
  findingsHeading: "Points to check",
  attachmentsHeading: (n) => `Attachments (${num("en", n)})`,
  externalHeading: (n, d) =>
    `External recipients (${num("en", n)}, ${num("en", d)} ${d === 1 ? "domain" : "domains"})`,
  internalHeading: (n) => `Internal recipients (${num("en", n)})`,
  noAttachments: "No attachments",
  noRecipients: "No recipients",
  severity: { danger: "Danger", warning: "Warning", info: "Info" },
  field: { to: "To", cc: "Cc", bcc: "Bcc" },
  badge: {
    external: "External",
    first_time: "First time",
    first_time_domain: "New domain",
    lookalike: "Look-alike domain",
    same_name: "Same name, other address",
    outlier: "Unusual with the others",
    watch: "Watch list",
    blocked: "Blocked",
    freemail: "Free mail",
    reply_drift: "Not in the thread",
    mass_visible: "Mass mail in To/Cc",
    other: "Check",
    encrypted: "Encrypted",
    encrypt_recommended: "Encryption recommended",
    risky_type: "Risky file type",
    mismatch: "Does not match the recipients",
  },
  didYouMean: (x) => `Did you mean ${x}?`,
  groupCount: (n) => `${num("en", n)} ${n === 1 ? "recipient" : "recipients"}`,
  groupTicked: (k, n) => `${num("en", k)} of ${num("en", n)} ticked`,
  groupFlagged: (n) => `${num("en", n)} flagged`,
  tickDomain: (d, n) => `Tick all ${num("en", n)} at ${d}`,
  tickAllExternal: (n) => `Tick all ${num("en", n)} external recipients`,
  show: (n) => `Show (${num("en", n)})`,
  hide: "Hide",
  evidence: {
    subject: (q) => `Subject: “${q}”`,
    body: (pos, q) => (q ? `Body, character ${num("en", pos)}: “${q}”` : `Body, character ${num("en", pos)}`),
    recipients: (list) => `Recipients: ${list}`,
    attachments: (list) => `Attachments: ${list}`,
    inside: (name, where, q) => `Attachment “${name}”${where ? ` (${where})` : ""}${q ? `: “${q}”` : ""}`,
    more: (n) => `and ${num("en", n)} more`,
    keyword: (k, n) => `Keyword “${k}” ${num("en", n)}×`,
    listEntry: (a, e) => `${a} (list entry “${e}”)`,
    thread: (list) => `Organisations in the thread: ${list}`,
    newOrgs: (list) => `Added organisations: ${list}`,
    massVisible: (n, o) => `${num("en", n)} external recipients of ${num("en", o)} organisations in To/Cc`,
    risky: (name, why) => `${name}: ${why}`,
    riskyReason: {
      extension: (d) => `extension .${d}`,
      executable_content: (d) => `the content is an executable (${d})`,
      macro_content: () => "an Office document with macros",
      archive_entry: (d) => `the ZIP holds ${d}`,
      bidi_control: () => "the name hides its real extension with a direction control character",
    },
    contentUnavailable: "its content was not sent, so encryption could not be checked",
  },
  fix: {
    move_to_bcc: (n) => `Move ${num("en", n)} to Bcc`,
    replace_recipient: (a, b) => `Replace ${a} with ${b}`,
    remove_recipient: (a) => `Remove ${a}`,
    encrypt_attachments: (n) => `Encrypt ${num("en", n)} ${n === 1 ? "attachment" : "attachments"} into a password-protected ZIP`,
  },
  archive: {
    heading: "Attachments encrypted",
    file: (name, size) => `The original files are not sent; ${name} (${size}) is attached instead.`,
    passwordLabel: "Password",
    copy: "Copy",
    copyLabel: "Copy the password",
    copied: "Password copied.",
    selected: "Password selected: press Ctrl+C (⌘+C on a Mac) to copy it.",
    advice:
      "Give this password to the recipient by another channel (phone, chat, SMS). Never send it in a follow-up e-mail: whoever can read this mail could read that one too.",
    noted: "I have noted the password (it is not shown again once this dialog closes)",
    announce: "Attachments encrypted. Note the password and give it to the recipient by another channel than e-mail.",
  },
  hint: {
    attach_file: "Check whether a file is missing. To attach it, cancel and add the file.",
    blockNoFix: "Cancel, edit the mail and send it again.",
  },
  reasonLabel: (n) => `Reason for sending (required, at least ${num("en", n)} characters)`,
  reasonPlaceholder: "e.g. The customer asked for this file at this address",
  reasonShort: (n) => `Type at least ${num("en", n)} more ${n === 1 ? "character" : "characters"}`,
  pending: (n) => `${num("en", n)} ${n === 1 ? "item" : "items"} left to tick`,
  ready: "Everything is ticked. You can send.",
  blockedStatus: "Cannot be sent",
  send: "Send",
  cancel: "Cancel",
  sendNow: "Send now",
  escHint: "Esc to cancel",
  countdown: (n) => `Sending in ${num("en", n)} s`,
  countdownHint: "Press Cancel to stop it.",
  fixing: "Applying the fix and checking again…",
  fixed: "Fixed. Please check the mail again.",
  fixError: (m) => `Could not apply the fix: ${m}`,
  doneError: (m) => `Could not report the result: ${m}`,
  sending: "Sending…",
  cancelled: "Cancelled",
  size: (bytes) => formatSize(bytes, "en"),
  list: (items) => items.join(", "),
  unknownError: "unknown error",
};

const TABLES = { ja: JA, en: EN };

/** `ja` or `en` from a verdict's `locale` (`ja-JP`, `en_US`, …); Japanese otherwise, as the host does. */
export function pickLocale(locale) {
  return typeof locale === "string" && /^en\b|^en[-_]/i.test(locale) ? "en" : "ja";
}

/** The string table for a locale (anything `pickLocale` accepts). */
export function strings(locale) {
  return TABLES[pickLocale(locale)];
}

/** Both tables, for tests that check every key exists in both languages. */
export const STRING_TABLES = TABLES;

const UNITS = ["KB", "MB", "GB", "TB"];

/**
 * A file size as people read it, in 1024 steps like Explorer, Finder's legacy view and Thunderbird:
 * `512 バイト` / `512 bytes`, `47.1 KB`, `597 KB`, `1.2 MB`.
 */
export function formatSize(bytes, locale) {
  const lang = pickLocale(locale);
  const n = Number(bytes);
  if (!Number.isFinite(n) || n < 0) return lang === "ja" ? "サイズ不明" : "size unknown";
  if (n < 1024) {
    if (lang === "ja") return `${num("ja", n)} バイト`;
    return `${num("en", n)} ${n === 1 ? "byte" : "bytes"}`;
  }
  let value = n / 1024;
  let unit = 0;
  // 1023.6 KB would round to "1024 KB"; show it as 1 MB instead.
  while (value >= 1023.5 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // One decimal below 10 keeps two significant digits where it matters (1.2 MB vs 1 MB).
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  const fmt = new Intl.NumberFormat(lang === "ja" ? "ja-JP" : "en-US", { maximumFractionDigits: 1 });
  return `${fmt.format(shown)} ${UNITS[unit]}`;
}

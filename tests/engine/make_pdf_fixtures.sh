#!/bin/sh
# Makes the PDFs the PDF text tests read, with LibreOffice headless: a one-page Japanese and
# English letter, a three-page document (one marker per page) and a password-protected copy.
# Usage: make_pdf_fixtures.sh OUTDIR
set -eu
out=${1:?usage: make_pdf_fixtures.sh OUTDIR}
mkdir -p "$out/src" "$out/encrypted"
rm -f "$out/ja_en.pdf" "$out/three_pages.pdf" "$out/encrypted/ja_en.pdf"
# A private LibreOffice profile, so parallel runs do not collide.
profile=$(mktemp -d /tmp/sg-pdf-fixtures.XXXXXX)
trap 'rm -rf "$profile"' EXIT

cat >"$out/src/ja_en.txt" <<'TXT'
見積書 お世話になっております。株式会社サンプル 山田太郎
Quotation for Client A: total 1,234,567 yen, valid until March.
TXT

cat >"$out/src/three_pages.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>three pages</title></head><body>
<p>第一ページ First page alpha</p>
<p style="page-break-before: always">第二ページ Second page bravo</p>
<p style="page-break-before: always">第三ページ Third page charlie</p>
</body></html>
HTML

soffice() {
  command soffice -env:UserInstallation="file://$profile" --headless "$@" >/dev/null 2>&1
}
soffice --convert-to pdf --outdir "$out" "$out/src/ja_en.txt" "$out/src/three_pages.html"
soffice --convert-to 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"sendguard"}}' \
  --outdir "$out/encrypted" "$out/src/ja_en.txt"

for f in "$out/ja_en.pdf" "$out/three_pages.pdf" "$out/encrypted/ja_en.pdf"; do
  test -s "$f" || { echo "make_pdf_fixtures: $f was not made" >&2; exit 1; }
done

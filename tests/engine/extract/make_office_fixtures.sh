#!/bin/sh
# Makes the Office fixtures of sg_extract_tests with the real LibreOffice (headless): .docx from a
# flat ODT (header, footer, footnote, comment, table), an HTML page and a text file; .xlsx from a
# flat ODS (two sheets, a Company property) and from a UTF-8 CSV; .pptx from a flat ODP (two slides,
# notes); and a Shift_JIS CSV made with iconv. Usage: make_office_fixtures.sh OUTDIR
set -eu
out=${1:?usage: make_office_fixtures.sh OUTDIR}
mkdir -p "$out"
rm -f "$out/done"
src="$out/src"
mkdir -p "$src"
# Each run gets its own LibreOffice profile, so parallel runs do not collide.
profile=$(mktemp -d "${TMPDIR:-/tmp}/sg-extract-lo.XXXXXX")
trap 'rm -rf "$profile"' EXIT
soffice_convert() {
  timeout 180 soffice "-env:UserInstallation=file://$profile" --headless "$@" --outdir "$out" >/dev/null 2>&1
}

cat >"$src/report.fodt" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>見積書 Quotation</dc:title><meta:initial-creator>山田 太郎</meta:initial-creator>
  <meta:user-defined meta:name="Company">株式会社サンプル商事</meta:user-defined></office:meta>
 <office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"/></style:page-layout></office:automatic-styles>
 <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p>ヘッダー 社外秘 Confidential</text:p></style:header>
  <style:footer><text:p>フッター 株式会社サンプル商事</text:p></style:footer>
 </style:master-page></office:master-styles>
 <office:body><office:text>
  <text:p>株式会社クライアントA 御中</text:p>
  <text:p>見積金額<text:tab/>1,234,000円<text:line-break/>Total amount due</text:p>
  <text:p>脚注付き<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>脚注の本文 footnote text</text:p></text:note-body></text:note></text:p>
  <text:p><office:annotation><dc:creator>佐藤</dc:creator><text:p>コメント 要確認</text:p></office:annotation>コメント対象</text:p>
  <table:table table:name="表1"><table:table-column table:number-columns-repeated="2"/>
   <table:table-row><table:table-cell><text:p>品名</text:p></table:table-cell><table:table-cell><text:p>数量</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell><text:p>ノートPC</text:p></table:table-cell><table:table-cell><text:p>3</text:p></table:table-cell></table:table-row>
  </table:table>
 </office:text></office:body>
</office:document>
EOF

cat >"$src/minutes.html" <<'EOF'
<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>議事録 Minutes</title></head>
<body><h1>議事録 Minutes</h1><p>出席者：山田、佐藤</p>
<table><tr><td>決定事項</td><td>予算 500万円</td></tr></table></body></html>
EOF

printf '備考 Notes\nこのファイルは社外秘です。\nConfidential memo\n' >"$src/memo.txt"

cat >"$src/customers.fods" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:meta><dc:title>顧客リスト</dc:title><meta:user-defined meta:name="Company">株式会社サンプル商事</meta:user-defined></office:meta>
 <office:body><office:spreadsheet>
  <table:table table:name="顧客一覧">
   <table:table-row><table:table-cell office:value-type="string"><text:p>氏名</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>金額</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>山田太郎</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="1500.5"><text:p>1500.5</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><text:p>備考C3</text:p></table:table-cell></table:table-row>
  </table:table>
  <table:table table:name="Summary">
   <table:table-row><table:table-cell office:value-type="string"><text:p>合計</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="42"><text:p>42</text:p></table:table-cell></table:table-row>
  </table:table>
 </office:spreadsheet></office:body>
</office:document>
EOF

printf '氏名,電話番号,メール\n山田太郎,03-1234-5678,taro@example.jp\n佐藤花子,06-9876-5432,hanako@example.jp\n' >"$src/contacts.csv"

cat >"$src/proposal.fodp" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
 <office:body><office:presentation>
  <draw:page draw:name="p1">
   <draw:frame svg:x="1cm" svg:y="1cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>提案書 Proposal</text:p><text:p>株式会社クライアントA 様</text:p></draw:text-box></draw:frame>
   <presentation:notes><draw:frame svg:x="1cm" svg:y="1cm" svg:width="15cm" svg:height="5cm" presentation:class="notes"><draw:text-box><text:p>発表者メモ 価格は非公開</text:p></draw:text-box></draw:frame></presentation:notes>
  </draw:page>
  <draw:page draw:name="p2">
   <draw:frame svg:x="1cm" svg:y="1cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>スケジュール Schedule</text:p></draw:text-box></draw:frame>
  </draw:page>
 </office:presentation></office:body>
</office:document>
EOF

soffice_convert --convert-to 'docx:MS Word 2007 XML' "$src/report.fodt" "$src/minutes.html" "$src/memo.txt"
soffice_convert --convert-to xlsx "$src/customers.fods"
# 44,34,76: comma-separated, double-quoted, UTF-8.
soffice_convert --infilter=CSV:44,34,76 --convert-to xlsx "$src/contacts.csv"
soffice_convert --convert-to pptx "$src/proposal.fodp"
iconv -f UTF-8 -t CP932 "$src/contacts.csv" >"$out/contacts_sjis.csv"

for f in report.docx minutes.docx memo.docx customers.xlsx contacts.xlsx proposal.pptx contacts_sjis.csv; do
  if [ ! -s "$out/$f" ]; then
    echo "make_office_fixtures.sh: $f was not made" >&2
    exit 1
  fi
done
touch "$out/done"

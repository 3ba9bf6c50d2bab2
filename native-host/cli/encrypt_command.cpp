// `sendguard encrypt -o OUT.zip [--password-file FILE] FILE...`: the WinZip AES-256 archive the
// check dialog offers, for people and for the benchmark against 7-Zip. Without --password-file a
// password is generated (length from the profile) and printed on stdout, alone, so that
// `PW=$(sendguard encrypt -o a.zip a.pdf)` works; what was written goes to stderr.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "crypt/aes_zip.h"
#include "crypt/password.h"
#include "platform/files.h"

namespace sg::cli {

namespace {

namespace fs = std::filesystem;

struct EncryptOptions {
  std::string output;
  std::string password_file;
  std::vector<std::string> inputs;
  int level = crypt::kDefaultDeflateLevel;
  bool force = false;
};

// The first line of FILE ("-": standard input), without its line ending.
Result<std::string> read_password(const std::string& path) {
  auto text = read_input(path, crypt::kMaxPasswordBytes + 2);
  if (!text) return text.error();
  std::string pw = text->substr(0, text->find_first_of("\r\n"));
  if (pw.empty()) {
    return make_error(ErrorCode::invalid_request,
                      Text{"パスワードファイルが空です: " + path, "the password file is empty: " + path});
  }
  return pw;
}

std::int64_t mtime_of(const fs::path& p) {
  std::error_code ec;
  const auto t = fs::last_write_time(p, ec);
  if (ec) return 0;
  const auto sys = std::chrono::file_clock::to_sys(t);
  return std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
}

// Streams a file into the writer: memory stays at the writer's batch size whatever its size.
Status add_file(crypt::AesZipWriter& writer, const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) {
    return make_error(ErrorCode::invalid_request,
                      Text{"通常のファイルではありません: " + p.string(), "not a regular file: " + p.string()});
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) return io_error(p, "開けません", "cannot open", "");
  crypt::ZipEntry entry;
  entry.name = reinterpret_cast<const char*>(p.filename().u8string().c_str());
  entry.size = fs::file_size(p, ec);
  if (ec) entry.size.reset();
  entry.mtime_unix = mtime_of(p);
  return writer.add(entry, [&in, &p](std::span<char> buf) -> Result<std::size_t> {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.bad()) return io_error(p, "読み込めません", "cannot read", "");
    return static_cast<std::size_t>(in.gcount());
  });
}

int run_encrypt(const GlobalOptions& g, const EncryptOptions& o) {
  const Locale l = cli_locale();
  const auto fail = [l](const Error& e) {
    print_error(e, l);
    return exit_code_for(e);
  };
  const fs::path out(o.output);
  std::error_code ec;
  if (!o.force && fs::exists(out, ec)) {
    return fail(
        make_error(ErrorCode::invalid_request, Text{"出力先が既にあります（上書きするには --force）: " + o.output,
                                                    "the output exists (use --force to replace it): " + o.output}));
  }
  std::string password;
  const bool generated = o.password_file.empty();
  if (generated) {
    auto api = open_api(g);  // the profile decides the length
    if (!api) return kExitFailure;
    const auto profile = api->profile();
    auto pw = crypt::generate_password(static_cast<std::size_t>(profile->integer("/encryption/password_length")),
                                       crypt::password_alphabet(profile->choice("/encryption/password_alphabet")));
    if (!pw) return fail(pw.error());
    password = std::move(*pw);
  } else {
    auto pw = read_password(o.password_file);
    if (!pw) return fail(pw.error());
    password = std::move(*pw);
  }

  auto sink = crypt::FileSink::create(out);
  if (!sink) return fail(sink.error());
  crypt::ZipWriterOptions options;
  options.deflate_level = o.level;
  crypt::AesZipWriter writer(**sink, password, options);
  // A half-written archive is worse than none: remove it on any failure.
  const auto abandon = [&](const Error& e) {
    (void)(*sink)->close();
    fs::remove(out, ec);
    return fail(e);
  };
  for (const std::string& input : o.inputs) {
    if (auto st = add_file(writer, fs::path(input)); !st) return abandon(st.error());
  }
  auto summary = writer.finish();
  if (!summary) return abandon(summary.error());
  if (auto st = (*sink)->close(); !st) return abandon(st.error());

  if (generated) std::cout << password << "\n" << std::flush;
  std::cerr << (l == Locale::ja ? "作成しました: " : "Wrote ") << out.string() << " (" << summary->bytes
            << (l == Locale::ja ? " バイト、" : " bytes, ") << summary->entries.size()
            << (l == Locale::ja ? " ファイル、AES-256)\n" : " files, AES-256)\n");
  for (const crypt::EntrySummary& e : summary->entries) {
    std::cerr << "  " << e.name << "  " << e.size << " -> " << e.stored_size
              << (e.used == crypt::Compression::deflate ? " deflate\n" : " store\n");
  }
  if (generated) {
    std::cerr << (l == Locale::ja ? "パスワードはメール以外の方法（電話、チャット、SMS など）で伝えてください。\n"
                                  : "Pass the password on by another channel than e-mail (phone, chat, SMS).\n");
  }
  return kExitOk;
}

}  // namespace

void add_encrypt(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  const Locale l = cli_locale();
  auto o = std::make_shared<EncryptOptions>();
  CLI::App* cmd = app.add_subcommand(
      "encrypt", say(l, "ファイルを AES-256 の暗号化 ZIP にまとめる", "Pack files into an AES-256 encrypted ZIP"));
  cmd->add_option("-o,--output", o->output, say(l, "作成する ZIP ファイル", "The ZIP file to write"))->required();
  cmd->add_option("--password-file", o->password_file,
                  say(l, "パスワードを読むファイル（1 行目、- は標準入力）。省略時は生成して表示する",
                      "Read the password from FILE (first line; - for stdin). Without it one is generated "
                      "and printed"));
  cmd->add_option("--level", o->level, say(l, "圧縮レベル 1-12（既定 7）", "Deflate level 1-12 (default 7)"))
      ->check(CLI::Range(crypt::kMinDeflateLevel, crypt::kMaxDeflateLevel));
  cmd->add_flag("--force", o->force, say(l, "出力先があれば置き換える", "Replace the output if it exists"));
  cmd->add_option("files", o->inputs, say(l, "まとめるファイル", "Files to pack"))->required();
  cmd->footer(say(l, "終了コード: 0 成功、1 失敗、2 入力の誤り", "Exit codes: 0 done, 1 failure, 2 bad input"));
  cmd->callback([&g, &exit_code, o] { exit_code = run_encrypt(g, *o); });
}

}  // namespace sg::cli

// `sendguard config check|dump|apply`: the helpdesk's profile from the command line. One parameter
// table drives all three (Postfix's postconf): validation with JSON paths, the effective settings
// with their doc lines, only what differs from the defaults, and atomic installation.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "platform/files.h"
#include "rules/rule.h"

namespace sg::cli {

namespace {

std::string problem_count(std::size_t n, Locale l) {
  return l == Locale::ja ? fmt::format("問題が {} 件あります", n) : fmt::format("{} problem{}", n, n == 1 ? "" : "s");
}

// A profile document from FILE ("-": standard input) and what loading it gives; nullopt when it
// cannot be read (the error is printed and `exit_code` set).
struct ProfileInput {
  std::string text;
  ProfileLoad loaded;
};

std::optional<ProfileInput> read_profile_input(const std::string& file, Locale l, int& exit_code) {
  auto text = read_input(file, kMaxProfileBytes);
  if (!text) {
    print_error(text.error(), l);
    exit_code = exit_code_for(text.error());
    return std::nullopt;
  }
  ProfileLoad loaded = load_profile(default_parameter_table(), *text);
  return ProfileInput{std::move(*text), std::move(loaded)};
}

int run_config_check(const std::string& file) {
  const Locale l = cli_locale();
  int failed = kExitFailure;
  const auto input = read_profile_input(file, l, failed);
  if (!input) return failed;
  const ProfileLoad& loaded = input->loaded;
  if (!loaded.profile) {
    // The report is the command's output; the verdict on it goes to stderr.
    std::cout << problem_lines(loaded.problems, l);
    std::cout.flush();
    std::cerr << "sendguard: " << file << ": " << problem_count(loaded.problems.size(), l) << "\n";
    return kExitBadInput;
  }
  std::cout << (l == Locale::ja
                    ? fmt::format("OK: {} は有効なプロファイルです（ポリシー版 {}）\n", file, loaded.profile->version())
                    : fmt::format("OK: {} is a valid profile (policy version {})\n", file, loaded.profile->version()));
  return kExitOk;
}

int run_config_dump(const GlobalOptions& g, bool non_default, bool as_json) {
  const Locale l = cli_locale();
  const HostConfig c = resolve(g);
  const ProfileLoad loaded = load_profile_file(c.config_file);
  if (!loaded.profile) {
    std::cerr << "sendguard: " << c.config_file.string() << ": " << problem_count(loaded.problems.size(), l) << "\n"
              << problem_lines(loaded.problems, l);
    return kExitBadInput;
  }
  if (as_json) {
    std::cout << loaded.profile->json_text(non_default) << "\n";
    return kExitOk;
  }
  // A comment line keeps the output a valid profile document: dump --non-default > f; config apply f.
  std::error_code ec;
  const std::string source = std::filesystem::exists(c.config_file, ec)
                                 ? c.config_file.string()
                                 : c.config_file.string() + say(l, "（ファイルなし）", " (absent)");
  const std::string& version = loaded.profile->version();
  std::cout << "// "
            << (non_default
                    ? (l == Locale::ja
                           ? fmt::format("SendGuard プロファイルのうち既定値と異なる設定（ポリシー版 {}）。上書き: {}",
                                         version, source)
                           : fmt::format("SendGuard profile, settings that differ from the defaults (policy version "
                                         "{}); override: {}",
                                         version, source))
                    : (l == Locale::ja ? fmt::format("SendGuard の有効なプロファイル（ポリシー版 {}）= 既定値 + {}",
                                                     version, source)
                                       : fmt::format("SendGuard effective profile (policy version {}) = defaults + {}",
                                                     version, source)))
            << "\n"
            << loaded.profile->dump(non_default, l);
  return kExitOk;
}

int run_config_apply(const GlobalOptions& g, const std::string& file) {
  const Locale l = cli_locale();
  const HostConfig c = resolve(g);
  // Not through Api::put_policy: that needs the installed profile to load, and apply is how a
  // broken installed profile gets replaced.
  int failed = kExitFailure;
  const auto input = read_profile_input(file, l, failed);
  if (!input) return failed;
  const ProfileLoad& loaded = input->loaded;
  if (!loaded.profile) {
    std::cerr << "sendguard: "
              << (l == Locale::ja ? fmt::format("{} を適用しません（{}）。{} は変更していません", file,
                                                problem_count(loaded.problems.size(), l), c.config_file.string())
                                  : fmt::format("not applying {} ({}); {} is unchanged", file,
                                                problem_count(loaded.problems.size(), l), c.config_file.string()))
              << "\n"
              << problem_lines(loaded.problems, l);
    return kExitBadInput;
  }
  if (auto st = write_file_atomically(c.config_file, input->text, false); !st) {
    print_error(st.error(), l);
    return kExitFailure;
  }
  std::cout << (l == Locale::ja
                    ? fmt::format(
                          "{} を {} に適用しました（ポリシー版 {}）。起動中のホストは再起動すると読み込みます\n", file,
                          c.config_file.string(), loaded.profile->version())
                    : fmt::format("applied {} as {} (policy version {}); a host already running reads it when it "
                                  "restarts\n",
                                  file, c.config_file.string(), loaded.profile->version()));
  return kExitOk;
}

}  // namespace

void add_config(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  const Locale l = cli_locale();
  const std::string codes =
      say(l, "終了コード: 0 有効・完了、2 プロファイルまたは入力の誤り（問題を JSON パス付きで表示）、1 その他の失敗",
          "Exit codes: 0 valid / done, 2 invalid profile or input (every problem is listed with "
          "its JSON path), 1 other failure");
  CLI::App* config = app.add_subcommand("config", say(l, "ヘルプデスクのプロファイルを検査・表示・適用する",
                                                      "Validate, show and install the helpdesk profile"));
  config->require_subcommand(1);

  auto check_file = std::make_shared<std::string>();
  CLI::App* check =
      config->add_subcommand("check", say(l, "プロファイルを検査し、問題をすべて「パス: 内容」で表示する",
                                          "Validate a profile document and list every problem as `path: message`"));
  check
      ->add_option("FILE", *check_file,
                   say(l, "プロファイル（JSON、コメント可）。- で標準入力",
                       "Profile document (JSON, comments allowed); - reads standard input"))
      ->required();
  check->footer(codes);
  check->callback([&exit_code, check_file] { exit_code = run_config_check(*check_file); });

  struct DumpOptions {
    bool non_default = false;
    bool json = false;
  };
  auto dump_opts = std::make_shared<DumpOptions>();
  CLI::App* dump = config->add_subcommand(
      "dump", say(l, "有効なプロファイル（既定値 + --config の上書き）を説明付きで表示する",
                  "Print the effective profile (defaults + the override at --config) with a doc line per setting"));
  dump->add_flag("--non-default,-n", dump_opts->non_default,
                 say(l, "既定値と異なる設定だけを表示する（postconf -n と同様）",
                     "Only the settings that differ from the defaults (like postconf -n)"));
  dump->add_flag("--json", dump_opts->json, say(l, "説明なしの JSON で出力する", "Compact JSON without comments"));
  dump->footer(codes);
  dump->callback(
      [&g, &exit_code, dump_opts] { exit_code = run_config_dump(g, dump_opts->non_default, dump_opts->json); });

  auto apply_file = std::make_shared<std::string>();
  CLI::App* apply = config->add_subcommand(
      "apply",
      say(l, "プロファイルを検査し、有効なら --config の場所に安全に置き換えて適用する（無効なら何も変えない）",
          "Validate a profile and, when valid, install it atomically as the override at --config "
          "(when invalid, nothing changes)"));
  apply
      ->add_option("FILE", *apply_file,
                   say(l, "プロファイル（JSON、コメント可）。- で標準入力",
                       "Profile document (JSON, comments allowed); - reads standard input"))
      ->required();
  apply->footer(codes);
  apply->callback([&g, &exit_code, apply_file] { exit_code = run_config_apply(g, *apply_file); });
}

}  // namespace sg::cli

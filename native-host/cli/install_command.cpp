// `sendguard install thunderbird` and `sendguard uninstall thunderbird`: register this program as
// Thunderbird's native-messaging host "sendguard" (docs/thunderbird.md). The manifest comes from
// addin-manifest/thunderbird/sendguard.json.in, compiled in, with "path" filled.
#include <boost/json.hpp>
#include <iostream>

#include "cli/commands.h"
#include "nm_manifest_template.h"
#include "platform/files.h"
#include "platform/native_messaging.h"
#include "wire/json_io.h"

namespace sg::cli {

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// The name the extension passes to runtime.connectNative (web-ui/thunderbird/host.js HOST_NAME).
constexpr std::string_view kHostName = "sendguard";

struct InstallOptions {
  bool system = false;
  bool print = false;
  std::string host;  // --host: the program the manifest names (default: this one)
};

Text t(std::string ja, std::string en) {
  return Text{std::move(ja), std::move(en)};
}

Error bad(Text message) {
  return make_error(ErrorCode::invalid_request, std::move(message));
}

// The host program to register: --host or this executable, absolute and runnable.
Result<fs::path> host_program(const InstallOptions& o) {
  fs::path p;
  if (o.host.empty()) {
    auto self = platform::current_executable();
    if (!self) return self.error();
    p = *self;
  } else {
    p = fs::path(o.host);
  }
  std::error_code ec;
  p = fs::absolute(p, ec);
  if (ec || !fs::is_regular_file(p, ec)) {
    return bad(
        t("ホストのプログラムが見つかりません: " + p.string(), "the host program does not exist: " + p.string()));
  }
  return p.lexically_normal();
}

// The manifest for `program`: the template with "path" set.
Result<std::string> manifest_text(const fs::path& program) {
  auto doc = wire::parse_json(kNativeManifestTemplate);
  if (!doc || !doc->is_object()) {
    return make_error(ErrorCode::internal,
                      t("組み込みのマニフェストのひな形が壊れています", "the built-in manifest template is broken"));
  }
  json::object& m = doc->as_object();
  m["path"] = reinterpret_cast<const char*>(program.u8string().c_str());
  // One member per line, as people expect to read (and diff) a file they were told about.
  std::string out = "{\n";
  bool first = true;
  for (const auto& [key, value] : m) {
    if (!first) out += ",\n";
    first = false;
    out += "  " + json::serialize(json::value(key)) + ": " + json::serialize(value);
  }
  return out + "\n}\n";
}

// Where the launcher goes when the host needs options, else empty: the options given explicitly
// (flags or SENDGUARD_* variables) must reach the host Thunderbird starts, which gets none.
std::vector<std::string> host_options(const GlobalOptions& g) {
  std::vector<std::string> args;
  std::error_code ec;
  if (!g.data_dir.empty()) args.insert(args.end(), {"--data-dir", fs::absolute(g.data_dir, ec).string()});
  if (!g.config.empty()) args.insert(args.end(), {"--config", fs::absolute(g.config, ec).string()});
  if (!args.empty()) args.emplace_back("native-messaging");
  return args;
}

int install(const GlobalOptions& g, const InstallOptions& o) {
  const Locale l = cli_locale();
  auto fail = [l](const Error& e) {
    print_error(e, l);
    return exit_code_for(e);
  };
  auto program = host_program(o);
  if (!program) return fail(program.error());
  const platform::InstallScope scope = o.system ? platform::InstallScope::system : platform::InstallScope::user;
  auto locations = platform::thunderbird_host_locations(kHostName, scope);
  if (!locations) return fail(locations.error());
  const std::vector<std::string> options = host_options(g);

  fs::path target = *program;
  if (options.empty() && !o.print) {
    // A launcher left by an earlier install with options would pass options nobody asked for now.
    std::error_code ec;
    const fs::path dir = locations->front().manifest.parent_path();
    fs::remove(dir / "sendguard-host", ec);
    fs::remove(dir / "sendguard-host.cmd", ec);
  }
  if (!options.empty() && !o.print) {
    auto launcher = platform::write_host_launcher(locations->front().manifest.parent_path(), *program, options);
    if (!launcher) return fail(launcher.error());
    target = *launcher;
    std::cout << (l == Locale::ja ? "起動用スクリプト: " : "Launcher: ") << target.string() << "\n";
  }
  auto text = manifest_text(target);
  if (!text) return fail(text.error());
  if (o.print) {
    std::cout << *text;
    return kExitOk;
  }
  for (const platform::NativeHostLocation& loc : *locations) {
    if (auto st = write_file_atomically(loc.manifest, *text, false); !st) return fail(st.error());
    if (auto st = platform::register_native_host(loc, scope); !st) return fail(st.error());
    std::cout << (l == Locale::ja ? "マニフェスト: " : "Manifest: ") << loc.manifest.string() << "\n";
    if (!loc.registry_key.empty()) {
      std::cout << (l == Locale::ja ? "レジストリ: " : "Registry: ") << loc.registry_key << "\n";
    }
  }
  std::cout
      << (l == Locale::ja
              ? "Thunderbird のネイティブメッセージングホスト \"sendguard\" として " + program->string() +
                    " を登録しました。\n次に拡張機能（sendguard-thunderbird.xpi）を Thunderbird に追加してください。\n"
              : "Registered " + program->string() +
                    " as Thunderbird's native-messaging host \"sendguard\".\nNext, add the extension "
                    "(sendguard-thunderbird.xpi) to Thunderbird.\n");
  return kExitOk;
}

int uninstall(const InstallOptions& o) {
  const Locale l = cli_locale();
  const platform::InstallScope scope = o.system ? platform::InstallScope::system : platform::InstallScope::user;
  auto locations = platform::thunderbird_host_locations(kHostName, scope);
  if (!locations) {
    print_error(locations.error(), l);
    return exit_code_for(locations.error());
  }
  int removed = 0;
  for (const platform::NativeHostLocation& loc : *locations) {
    auto unregistered = platform::unregister_native_host(loc, scope);
    if (!unregistered) {
      print_error(unregistered.error(), l);
      return exit_code_for(unregistered.error());
    }
    std::error_code ec;
    const fs::path dir = loc.manifest.parent_path();
    for (const fs::path& f : {loc.manifest, dir / "sendguard-host", dir / "sendguard-host.cmd"}) {
      if (fs::remove(f, ec)) {
        ++removed;
        std::cout << (l == Locale::ja ? "削除しました: " : "Removed: ") << f.string() << "\n";
      } else if (ec) {
        print_error(io_error(f, "削除できません", "cannot remove", ec.message()), l);
        return kExitFailure;
      }
    }
    if (*unregistered) std::cout << (l == Locale::ja ? "削除しました: " : "Removed: ") << loc.registry_key << "\n";
  }
  if (removed == 0) {
    std::cout << (l == Locale::ja ? "登録されていませんでした。\n" : "Nothing was registered.\n");
  }
  return kExitOk;
}

// The one client there is today; Outlook registers through its add-in manifest, not the host.
CLI::App* add_client(CLI::App* parent, const std::string& verb_ja, const std::string& verb_en) {
  const Locale l = cli_locale();
  parent->require_subcommand(1);
  return parent->add_subcommand("thunderbird", l == Locale::ja ? "Thunderbird " + verb_ja : "Thunderbird: " + verb_en);
}

}  // namespace

void add_install(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  const Locale l = cli_locale();
  auto o = std::make_shared<InstallOptions>();
  CLI::App* cmd = app.add_subcommand(
      "install", l == Locale::ja ? "メールクライアントにホストを登録する" : "Register the host with a mail client");
  CLI::App* tb =
      add_client(cmd, "のネイティブメッセージングホストとして登録する", "register as the native-messaging host");
  tb->add_flag("--system", o->system,
               l == Locale::ja ? "このコンピューターの全ユーザーに登録する（管理者権限が必要）"
                               : "Register for every user of this computer (needs administrator rights)");
  tb->add_option("--host", o->host,
                 l == Locale::ja ? "登録するプログラム（既定: この sendguard）"
                                 : "The program to register (default: this sendguard)");
  tb->add_flag("--print", o->print,
               l == Locale::ja ? "書き込まずにマニフェストを表示する（配布パッケージ用）"
                               : "Print the manifest instead of writing it (for deployment packages)");
  tb->footer(l == Locale::ja ? "--data-dir や --config を指定すると、それを渡す起動用スクリプトも書きます。\n"
                               "終了コード: 0 成功、1 失敗、2 入力の誤り"
                             : "With --data-dir or --config, a launcher that passes them is written too.\n"
                               "Exit codes: 0 done, 1 failure, 2 bad input");
  tb->callback([&g, &exit_code, o] { exit_code = install(g, *o); });

  auto u = std::make_shared<InstallOptions>();
  CLI::App* un = app.add_subcommand("uninstall", l == Locale::ja ? "メールクライアントからホストの登録を外す"
                                                                 : "Unregister the host from a mail client");
  CLI::App* untb = add_client(un, "の登録を外す", "remove the registration");
  untb->add_flag("--system", u->system,
                 l == Locale::ja ? "全ユーザー向けの登録を外す" : "Remove the registration for every user");
  untb->footer(l == Locale::ja ? "終了コード: 0 成功、1 失敗" : "Exit codes: 0 done, 1 failure");
  untb->callback([&exit_code, u] { exit_code = uninstall(*u); });
}

}  // namespace sg::cli

// `sendguard outlook manifest`: writes the Outlook add-in's manifest for this host (its origin,
// the deployment's add-in id, the profile's send mode): the XML manifest or the app package for
// the unified manifest (docs/outlook.md "Generate the manifest").
#include <iostream>

#include "cli/commands.h"
#include "outlook/manifest.h"
#include "platform/files.h"

namespace sg::cli {

namespace {

struct ManifestOptions {
  std::string format = "xml";
  std::string send_mode;  // empty: the profile's /outlook/send_mode
  std::string origin{outlook::kDefaultOrigin};
  std::string addin_id;  // empty: the one stored in the data directory
  std::string display_name{outlook::kDefaultDisplayName};
  std::string version{SG_VERSION};  // --manifest-version: a new manifest for the same host needs a higher one
  std::string out;                  // empty: standard output (XML only); "-" too
};

int write_manifest(const GlobalOptions& g, const ManifestOptions& o) {
  const Locale l = cli_locale();
  const auto fail = [l](const Error& e) {
    print_error(e, l);
    return exit_code_for(e);
  };
  const bool json = o.format == "json";
  // A ZIP is not for a terminal: say where it goes.
  if (json && o.out.empty()) {
    return fail(
        make_error(ErrorCode::invalid_request,
                   Text{"--format json はアプリパッケージ（ZIP）を書くので、-o FILE を指定してください（- で標準出力）",
                        "--format json writes an app package (a ZIP): give -o FILE (- for standard output)"}));
  }
  const HostConfig config = resolve(g);

  outlook::ManifestValues values;
  values.origin = o.origin;
  values.version = o.version;
  values.display_name = o.display_name;
  values.send_mode = o.send_mode;
  if (values.send_mode.empty()) {
    ProfileLoad loaded = load_profile_file(config.config_file);
    if (!loaded.profile) {
      std::cerr << "sendguard: "
                << (l == Locale::ja
                        ? "インストールされたプロファイルに問題があります（--send-mode で指定もできます）:\n"
                        : "the installed profile has problems (or give --send-mode):\n")
                << problem_lines(loaded.problems, l);
      return kExitBadInput;
    }
    values.send_mode = loaded.profile->choice("/outlook/send_mode");
  }
  if (!o.addin_id.empty()) {
    values.addin_id = o.addin_id;
  } else {
    auto id = outlook::stored_addin_id(config.data_dir);
    if (!id) return fail(id.error());
    values.addin_id = *id;
  }
  auto checked = outlook::validated(std::move(values));
  if (!checked) return fail(checked.error());

  auto rendered = json ? outlook::render_app_package(*checked) : outlook::render_xml_manifest(*checked);
  if (!rendered) return fail(rendered.error());
  if (o.out.empty() || o.out == "-") {
    std::cout << *rendered;
    std::cout.flush();
    return std::cout ? kExitOk : kExitFailure;
  }
  if (auto st = write_file_atomically(o.out, *rendered, false); !st) return fail(st.error());
  std::cout << (l == Locale::ja ? "書き込みました: " : "Wrote ") << o.out << " (" << o.format << ", " << checked->origin
            << ", " << checked->send_mode << ", " << checked->addin_id << ")\n";
  return kExitOk;
}

}  // namespace

void add_outlook(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  const Locale l = cli_locale();
  CLI::App* cmd = app.add_subcommand("outlook", say(l, "Outlook アドイン", "The Outlook add-in"));
  cmd->require_subcommand(1);
  auto o = std::make_shared<ManifestOptions>();
  CLI::App* manifest = cmd->add_subcommand(
      "manifest", say(l, "Outlook アドインのマニフェストを書き出す", "Write the Outlook add-in's manifest"));
  manifest
      ->add_option("--format", o->format,
                   say(l, "xml: アドイン専用マニフェスト、json: 統合マニフェストのアプリパッケージ（ZIP）",
                       "xml: the add-in only manifest; json: the app package (ZIP) of the unified manifest"))
      ->check(CLI::IsMember({"xml", "json"}))
      ->capture_default_str();
  manifest
      ->add_option("--send-mode", o->send_mode,
                   say(l, "Outlook の送信モード（既定: プロファイルの /outlook/send_mode）",
                       "Outlook's send mode (default: the profile's /outlook/send_mode)"))
      ->check(CLI::IsMember({"soft-block", "block", "prompt-user"}));
  manifest
      ->add_option("--origin", o->origin,
                   say(l, "アドインのページを配信するオリジン（serve --listen のポートと合わせる）",
                       "Where the add-in's pages are served (match serve --listen's port)"))
      ->capture_default_str();
  manifest->add_option("--addin-id", o->addin_id,
                       say(l, "アドインの ID（GUID。既定: データディレクトリの outlook-addin-id、なければ作成）",
                           "The add-in id, a GUID (default: outlook-addin-id in the data directory, made once)"));
  manifest
      ->add_option("--display-name", o->display_name,
                   say(l, "Outlook に表示する名前（30 文字まで）", "The name Outlook shows (30 characters at most)"))
      ->capture_default_str();
  manifest
      ->add_option("--manifest-version", o->version,
                   say(l,
                       "マニフェストのバージョン x.y.z（既定: このホストのバージョン）。送信モードなどを変えて"
                       "配布し直すときは前より大きくする",
                       "The manifest's version x.y.z (default: this host's version); raise it whenever a "
                       "changed manifest (another send mode, say) is deployed again"))
      ->capture_default_str();
  manifest->add_option("-o,--out", o->out,
                       say(l, "書き込むファイル（既定: 標準出力。json では必須、- で標準出力）",
                           "The file to write (default: standard output; required for json, - for standard output)"));
  manifest->footer(say(l, "終了コード: 0 成功、1 失敗、2 入力の誤り", "Exit codes: 0 done, 1 failure, 2 bad input"));
  manifest->callback([&g, &exit_code, o] { exit_code = write_manifest(g, *o); });
}

}  // namespace sg::cli

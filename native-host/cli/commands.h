// What every subcommand shares: the global options and how they resolve into a HostConfig.
// Each subcommand lives in its own file and registers itself through an add_* function.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "service/api.h"

namespace sg::cli {

struct GlobalOptions {
  std::string data_dir;  // --data-dir, else SENDGUARD_DATA_DIR, else the platform default
  std::string config;    // --config, else SENDGUARD_CONFIG, else the platform default
};

// Flags beat environment variables, which beat the platform's locations (api.md).
[[nodiscard]] HostConfig resolve(const GlobalOptions& g);

// Opens the Api for a subcommand, printing why on stderr when it cannot; nullptr then.
[[nodiscard]] std::unique_ptr<Api> open_api(const GlobalOptions& g);

// The locale for messages printed by the CLI: LC_ALL, LC_MESSAGES, LANG; Japanese by default.
[[nodiscard]] Locale cli_locale();

// Registration of each subcommand; `exit_code` receives the command's result.
void add_serve(CLI::App& app, const GlobalOptions& g, int& exit_code);
void add_native_messaging(CLI::App& app, const GlobalOptions& g, int& exit_code);

}  // namespace sg::cli

// What every subcommand shares: the global options and how they resolve into a HostConfig.
// Each subcommand lives in its own file and registers itself through an add_* function.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/verdict.h"
#include "service/api.h"

namespace sg::cli {

struct GlobalOptions {
  std::string data_dir;  // --data-dir, else SENDGUARD_DATA_DIR, else the platform default
  std::string config;    // --config, else SENDGUARD_CONFIG, else the platform default
};

// Exit codes, named once; each subcommand's --help lists the ones it uses.
inline constexpr int kExitOk = 0;        // done; for `check`: the action is allow
inline constexpr int kExitFailure = 1;   // could not do it (data directory, installed profile, I/O)
inline constexpr int kExitBadInput = 2;  // the input is invalid (draft, profile, command line)
inline constexpr int kExitConfirm = 10;  // `check`: the verdicts that need the user, in action order
inline constexpr int kExitJustify = 11;
inline constexpr int kExitBlock = 12;
inline constexpr int kExitAuditProblem = 3;  // `audit verify`: the log is not what the host wrote

// Flags beat environment variables, which beat the platform's locations (api.md).
[[nodiscard]] HostConfig resolve(const GlobalOptions& g);

// Opens the Api for a subcommand, printing why on stderr when it cannot; nullptr then.
[[nodiscard]] std::unique_ptr<Api> open_api(const GlobalOptions& g);

// The language the environment asks for (LC_ALL, LC_MESSAGES, LANG: the first one set decides);
// nullopt when it is unset or neither Japanese nor English ("C", "POSIX").
[[nodiscard]] std::optional<Locale> env_locale();

// The locale for messages printed by the CLI: env_locale(), Japanese by default.
[[nodiscard]] Locale cli_locale();

// A help text or message in `l`: the Japanese or the English one.
[[nodiscard]] inline std::string say(Locale l, std::string_view ja, std::string_view en) {
  return std::string(l == Locale::ja ? ja : en);
}

// Reads a file, or standard input for "-", refusing more than `max_bytes` (too_large).
[[nodiscard]] Result<std::string> read_input(const std::string& path, std::size_t max_bytes);

// "sendguard: [code] /json/path: message" on stderr.
void print_error(const Error& e, Locale locale);

// kExitFailure for errors of ours (internal), kExitBadInput for everything the input caused.
[[nodiscard]] int exit_code_for(const Error& e);
// kExitOk, kExitConfirm, kExitJustify or kExitBlock.
[[nodiscard]] int exit_code_for(Action action);

// A profile's problems, one "path: message" line each ("(document)" for the whole document).
[[nodiscard]] std::string problem_lines(const std::vector<Problem>& problems, Locale locale);

// Registration of each subcommand; `exit_code` receives the command's result.
void add_serve(CLI::App& app, const GlobalOptions& g, int& exit_code);
void add_native_messaging(CLI::App& app, const GlobalOptions& g, int& exit_code);
void add_check(CLI::App& app, const GlobalOptions& g, int& exit_code);
void add_config(CLI::App& app, const GlobalOptions& g, int& exit_code);
void add_token(CLI::App& app, const GlobalOptions& g, int& exit_code);
void add_install(CLI::App& app, const GlobalOptions& g, int& exit_code);
void add_encrypt(CLI::App& app, const GlobalOptions& g, int& exit_code);
void add_history(CLI::App& app, const GlobalOptions& g, int& exit_code);
void add_audit(CLI::App& app, const GlobalOptions& g, int& exit_code);
void add_outlook(CLI::App& app, const GlobalOptions& g, int& exit_code);
void add_certs(CLI::App& app, const GlobalOptions& g, int& exit_code);

}  // namespace sg::cli

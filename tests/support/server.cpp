// Test support: one real `sendguard serve` in its own temporary data directory.
#include "support/server.h"

#include <csignal>
#include <stdexcept>
#include <vector>

namespace sg::test {

using namespace std::chrono_literals;
// The port of "listening on <scheme>://127.0.0.1:<port>" (std::regex is avoided: GCC 12 warns
// inside it under the sanitizer build).
std::optional<std::uint16_t> listening_port(std::string_view line, std::string_view scheme) {
  const std::string prefix = "listening on " + std::string(scheme) + "://127.0.0.1:";
  if (!line.starts_with(prefix)) return std::nullopt;
  const std::string_view digits = line.substr(prefix.size());
  if (digits.empty() || digits.size() > 5 || digits.front() == '0' ||
      digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  const unsigned long port = std::stoul(std::string(digits));
  if (port > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(port);
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

Server::Server(ServerOptions options) : options_(std::move(options)) {
  if (!options_.profile.empty()) write_text(config(), options_.profile);
  start();
}

void Server::start() {
  std::vector<std::string> argv = {sendguard_binary(), "--data-dir", data().string(), "--config",
                                   config().string(),  "serve",      "--listen",      "127.0.0.1:0"};
  if (!options_.tls) argv.emplace_back("--insecure-http");
  if (options_.verbose) argv.emplace_back("--verbose");
  argv.insert(argv.end(), options_.serve_args.begin(), options_.serve_args.end());
  child_ = std::make_unique<Child>(argv);
  const auto line = child_->read_line();
  if (!line) throw std::runtime_error("serve printed no line; stderr: " + child_->read_all_stderr(2s));
  line_ = *line;
  const auto port = listening_port(line_, options_.tls ? "https" : "http");
  if (!port) throw std::runtime_error("not a listening line: " + line_);
  port_ = *port;
  user_token_ = trimmed(read_text(data() / "token"));
  admin_token_ = trimmed(read_text(data() / "admin-token"));
}

std::unique_ptr<HttpClient> Server::connect(std::string verify_host) const {
  return std::make_unique<HttpClient>(
      ClientOptions{port_, options_.tls, data() / "ca.pem", std::move(verify_host), 20s});
}

int Server::stop(std::chrono::milliseconds timeout) {
  child_->signal(SIGTERM);
  return child_->wait(timeout).value_or(-1);
}

Headers Server::with_token(const std::string& token, Headers more) {
  more.emplace_back("Authorization", "Bearer " + token);
  return more;
}

}  // namespace sg::test

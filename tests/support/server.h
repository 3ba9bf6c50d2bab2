// Test support: one real `sendguard serve --listen 127.0.0.1:0` in its own temporary data
// directory, with its port, tokens and CA, for integration tests, the example cases over HTTPS
// and the benchmarks.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/files.h"
#include "support/http_client.h"
#include "support/process.h"

namespace sg::test {

// The port of "listening on <scheme>://127.0.0.1:<port>", or nullopt when the line is not that.
std::optional<std::uint16_t> listening_port(std::string_view line, std::string_view scheme);

std::string trimmed(std::string s);

struct ServerOptions {
  bool tls = true;
  bool verbose = false;
  std::string profile;                       // written to the config file before the first start when not empty
  std::vector<std::string> serve_args = {};  // more arguments for `serve` (e.g. --web-ui-dir DIR)
};

class Server {
 public:
  // Starts the server; throws std::runtime_error when it prints no listening line.
  explicit Server(ServerOptions options = {});

  // Starts it (again, after stop()) in the same data directory.
  void start();

  [[nodiscard]] std::filesystem::path data() const { return dir_.path() / "data"; }
  [[nodiscard]] std::filesystem::path config() const { return dir_.path() / "profile.json"; }
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] const std::string& line() const { return line_; }
  [[nodiscard]] Child& process() { return *child_; }

  [[nodiscard]] std::unique_ptr<HttpClient> connect(std::string verify_host = "127.0.0.1") const;

  [[nodiscard]] Headers user(Headers more = {}) const { return with_token(user_token_, std::move(more)); }
  [[nodiscard]] Headers admin(Headers more = {}) const { return with_token(admin_token_, std::move(more)); }
  [[nodiscard]] const std::string& user_token() const { return user_token_; }
  [[nodiscard]] const std::string& admin_token() const { return admin_token_; }

  // SIGTERM, then the exit status (-1 when it did not exit within `timeout`).
  int stop(std::chrono::milliseconds timeout = std::chrono::seconds(15));

 private:
  static Headers with_token(const std::string& token, Headers more);

  ServerOptions options_;
  TempDir dir_;
  std::unique_ptr<Child> child_;
  std::string line_;
  std::uint16_t port_ = 0;
  std::string user_token_;
  std::string admin_token_;
};

}  // namespace sg::test

// Test support: a small synchronous HTTP/1.1 client for integration tests that talk to the real
// `sendguard serve`: plain or TLS (verifying the server against a given CA and host name),
// keep-alive, custom headers, and raw bytes for malformed or partial requests.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sg::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  Headers headers;  // in the order received
  std::string body;
  bool keep_alive = false;  // the server keeps the connection open after this answer

  // The first value of a header (name compared case-insensitively), or nullopt.
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
  // The body parsed as JSON; throws when it is not JSON.
  [[nodiscard]] boost::json::value json() const;
  // "error.code" of an api.md error document, or "" when there is none.
  [[nodiscard]] std::string error_code() const;
};

struct ClientOptions {
  std::uint16_t port = 0;
  bool tls = true;
  std::filesystem::path ca_file;             // TLS: the CA the server's certificate must chain to
  std::string verify_host = "127.0.0.1";     // TLS: the DNS name or IP address the certificate must cover
  std::chrono::milliseconds timeout{20000};  // for each connect, handshake, read and write
};

// One connection, opened (and for TLS, handshaken and verified) by the constructor, which throws
// std::runtime_error when that fails. Every operation throws on failure or timeout.
class HttpClient {
 public:
  explicit HttpClient(ClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends a request and reads its answer. Adds "Host: 127.0.0.1:<port>" unless `headers` names a
  // Host, and Content-Length when there is a body.
  HttpResponse request(std::string_view method, std::string_view target, const Headers& headers = {},
                       std::optional<std::string_view> body = std::nullopt);

  // Writes bytes as they are (malformed requests, a header without its body, half a body).
  void send_raw(std::string_view bytes);
  // Reads one answer (`to_head`: the answer to a HEAD request, whose announced body is not sent).
  HttpResponse read_response(bool to_head = false);
  // True when the server closes the connection (end of stream or reset) within `wait`; false when
  // it stays open (or sends something).
  bool closed_by_server(std::chrono::milliseconds wait = std::chrono::milliseconds(3000));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A request head for send_raw(): request line, "Host: 127.0.0.1:<port>", the headers, blank line.
[[nodiscard]] std::string request_head(std::string_view method, std::string_view target, std::uint16_t port,
                                       const Headers& headers);

}  // namespace sg::test

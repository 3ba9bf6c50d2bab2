// Test support: a synchronous HTTP/1.1 client (plain or verified TLS) on Boost.Beast. Each
// operation runs asynchronously on a private io_context so that Beast's timeouts apply.
#include "support/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <stdexcept>

namespace sg::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

bool iequal(std::string_view a, std::string_view b) {
  return beast::iequals(a, b);
}

bool is_closed_error(const beast::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset || ec == ssl::error::stream_truncated ||
         ec == bhttp::error::end_of_stream || ec == asio::error::broken_pipe;
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequal(k, name)) return v;
  }
  return std::nullopt;
}

boost::json::value HttpResponse::json() const {
  return boost::json::parse(body);
}

std::string HttpResponse::error_code() const {
  boost::system::error_code ec;
  const boost::json::value doc = boost::json::parse(body, ec);
  if (ec || !doc.is_object()) return {};
  const auto* error = doc.get_object().if_contains("error");
  if (error == nullptr || !error->is_object()) return {};
  const auto* code = error->get_object().if_contains("code");
  return code != nullptr && code->is_string() ? std::string(code->get_string()) : std::string();
}

std::string request_head(std::string_view method, std::string_view target, std::uint16_t port, const Headers& headers) {
  std::string head = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\n";
  bool has_host = false;
  for (const auto& [k, v] : headers) has_host = has_host || iequal(k, "Host");
  if (!has_host) head += "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
  for (const auto& [k, v] : headers) head += k + ": " + v + "\r\n";
  head += "\r\n";
  return head;
}

struct HttpClient::Impl {
  ClientOptions options;
  asio::io_context ioc;
  ssl::context tls_ctx{ssl::context::tls_client};
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;

  beast::tcp_stream& tcp() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

  // Runs one asynchronous operation to completion; `start` receives the completion handler.
  template <class Start>
  beast::error_code run(std::string_view what, Start start, bool throw_on_error = true) {
    beast::error_code result;
    bool done = false;
    tcp().expires_after(options.timeout);
    start([&](beast::error_code ec, auto&&...) {
      result = ec;
      done = true;
    });
    ioc.restart();
    ioc.run();
    if (!done) throw std::runtime_error(std::string(what) + ": did not complete");
    if (result && throw_on_error) throw std::runtime_error(std::string(what) + ": " + result.message());
    return result;
  }

  template <class F>
  auto with_stream(F f) {
    if (secure) return f(*secure);
    return f(*plain);
  }
};

HttpClient::HttpClient(ClientOptions options) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.options = std::move(options);
  const tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), m.options.port);
  if (m.options.tls) {
    m.tls_ctx.set_verify_mode(ssl::verify_peer);
    m.tls_ctx.load_verify_file(m.options.ca_file.string());
    m.secure.emplace(m.ioc, m.tls_ctx);
    m.secure->set_verify_callback(ssl::host_name_verification(m.options.verify_host));
    boost::system::error_code ec;
    asio::ip::make_address(m.options.verify_host, ec);
    // SNI carries host names only, never addresses (RFC 6066).
    // SSL_set_tlsext_host_name() is a macro with a C cast; this is what it expands to.
    if (ec && SSL_ctrl(m.secure->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                       static_cast<void*>(m.options.verify_host.data())) != 1) {
      throw std::runtime_error("cannot set SNI");
    }
  } else {
    m.plain.emplace(m.ioc);
  }
  m.run("connect", [&](auto handler) { m.tcp().async_connect(endpoint, handler); });
  if (m.secure) {
    m.run("TLS handshake", [&](auto handler) { m.secure->async_handshake(ssl::stream_base::client, handler); });
  }
}

HttpClient::~HttpClient() = default;

void HttpClient::send_raw(std::string_view bytes) {
  Impl& m = *impl_;
  m.with_stream([&](auto& stream) {
    m.run("write", [&](auto handler) { asio::async_write(stream, asio::buffer(bytes.data(), bytes.size()), handler); });
  });
}

HttpResponse HttpClient::read_response(bool to_head) {
  Impl& m = *impl_;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(boost::none);
  // An answer to HEAD announces a body it does not carry.
  parser.skip(to_head);
  m.with_stream([&](auto& stream) {
    m.run("read", [&](auto handler) { bhttp::async_read(stream, m.buffer, parser, handler); });
  });
  const auto& msg = parser.get();
  HttpResponse r;
  r.status = static_cast<int>(msg.result_int());
  for (const auto& field : msg) r.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  r.body = msg.body();
  r.keep_alive = msg.keep_alive();
  return r;
}

HttpResponse HttpClient::request(std::string_view method, std::string_view target, const Headers& headers,
                                 std::optional<std::string_view> body) {
  Headers all = headers;
  if (body) all.emplace_back("Content-Length", std::to_string(body->size()));
  std::string bytes = request_head(method, target, impl_->options.port, all);
  if (body) bytes += *body;
  send_raw(bytes);
  return read_response(method == "HEAD");
}

bool HttpClient::closed_by_server(std::chrono::milliseconds wait) {
  Impl& m = *impl_;
  if (m.buffer.size() > 0) return false;
  beast::error_code ec;
  std::size_t got = 0;
  m.tcp().expires_after(wait);
  m.with_stream([&](auto& stream) {
    stream.async_read_some(m.buffer.prepare(1024), [&](beast::error_code e, std::size_t n) {
      ec = e;
      got = n;
    });
  });
  m.ioc.restart();
  m.ioc.run();
  m.buffer.commit(got);
  if (is_closed_error(ec)) return true;
  // A timeout closes the socket (Beast), so the connection is not usable after a false answer.
  if (ec == beast::error::timeout || !ec) return false;
  throw std::runtime_error("read: " + ec.message());
}

}  // namespace sg::test

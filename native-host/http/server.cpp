// `sendguard serve`: the listener and the sessions (after Boost.Beast's advanced server). Sessions
// only read and write; admit() and route() decide every answer. Errors are values: no handler
// lets an exception cross an asynchronous boundary.
#include "http/server.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "host_limits.h"
#include "http/router.h"
#include "tls/certificates.h"
#include "tls/server_context.h"

namespace sg::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// Two threads at most: routes are short and CPU-bound, and the machines are small.
constexpr unsigned kMaxThreads = 2;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::size_t kDrainChunkBytes = 16u * 1024;

// Something the hub can ask to wind down when the host stops.
class Stoppable {
 public:
  virtual ~Stoppable() = default;
  virtual void stop() = 0;
};

// What the listener and every session share: the Api, the routing context, the connection count
// and the shutdown state. Outlives the io_context, so sessions destroyed with it can still leave.
class Hub {
 public:
  Hub(Api& api, RouteContext ctx, bool verbose) : api_(api), ctx_(ctx), verbose_(verbose) {}

  [[nodiscard]] Api& api() const { return api_; }
  [[nodiscard]] const RouteContext& route_context() const { return ctx_; }
  [[nodiscard]] bool verbose() const { return verbose_; }
  [[nodiscard]] bool stopping() const { return stopping_.load(); }

  // A slot for a new connection, or nullopt when kMaxConnections are open.
  std::optional<std::uint64_t> enter() {
    std::lock_guard lock(mu_);
    if (sessions_.size() >= limits::kMaxConnections) return std::nullopt;
    const std::uint64_t id = next_id_++;
    sessions_.emplace(id, std::weak_ptr<Stoppable>{});
    return id;
  }
  void attach(std::uint64_t id, std::weak_ptr<Stoppable> session) {
    std::lock_guard lock(mu_);
    if (auto it = sessions_.find(id); it != sessions_.end()) it->second = std::move(session);
  }
  void leave(std::uint64_t id) {
    std::lock_guard lock(mu_);
    sessions_.erase(id);
    if (sessions_.empty()) changed_.notify_all();
  }

  // The port is known once the listener is bound, before any session starts.
  void set_port(std::uint16_t port) { ctx_.port = port; }

  void request_stop() {
    std::lock_guard lock(mu_);
    stop_requested_ = true;
    changed_.notify_all();
  }
  [[nodiscard]] bool stop_requested() {
    std::lock_guard lock(mu_);
    return stop_requested_;
  }
  // Stops waiting for connections to finish.
  void abandon() {
    std::lock_guard lock(mu_);
    abandoned_ = true;
    changed_.notify_all();
  }
  void wait_for_stop_request() {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return stop_requested_; });
  }
  // Marks the host as stopping and asks every session to wind down.
  void stop_sessions() {
    stopping_.store(true);
    std::vector<std::shared_ptr<Stoppable>> live;
    {
      std::lock_guard lock(mu_);
      for (auto& [id, weak] : sessions_) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
    }
    for (auto& s : live) s->stop();
  }
  // Waits for every connection to close (or abandon()); returns how many are left.
  std::size_t wait_until_idle(Clock::time_point deadline) {
    std::unique_lock lock(mu_);
    changed_.wait_until(lock, deadline, [&] { return sessions_.empty() || abandoned_; });
    return sessions_.size();
  }

  void log(std::string_view line) const {
    if (verbose_) fmt::print(stderr, "sendguard: {}\n", line);
  }

 private:
  Api& api_;
  RouteContext ctx_;
  bool verbose_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable changed_;
  bool stop_requested_ = false;
  bool abandoned_ = false;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, std::weak_ptr<Stoppable>> sessions_;
};

// Failures that are part of normal life (the client left, we stopped, a timeout) are not logged.
bool is_routine(const beast::error_code& ec) {
  return ec == asio::error::operation_aborted || ec == asio::error::eof || ec == beast::error::timeout ||
         ec == bhttp::error::end_of_stream || ec == ssl::error::stream_truncated ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
}

bool is_parse_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message && ec != bhttp::error::need_more;
}

// One connection: optional TLS handshake, then requests until the client or the host closes it.
template <class Stream>
class Session : public Stoppable, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
  enum class State { handshake, idle, reading, responding, closing };

 public:
  template <class... StreamArgs>
  Session(Hub& hub, std::uint64_t id, StreamArgs&&... args)
      : hub_(hub), id_(id), stream_(std::forward<StreamArgs>(args)...) {}
  ~Session() override { hub_.leave(id_); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void run() { asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::start, self())); }

  void stop() override { asio::post(stream_.get_executor(), beast::bind_front_handler(&Session::on_stop, self())); }

 private:
  std::shared_ptr<Session> self() { return this->shared_from_this(); }
  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }

  void fail(const beast::error_code& ec, std::string_view what) {
    if (!is_routine(ec)) hub_.log(fmt::format("{}: {}", what, ec.message()));
  }

  void start() {
    if (hub_.stopping()) return close_now();
    // Both ends, for the routes that ask who the client is (POST /v1/addin/token).
    beast::error_code ec;
    const tcp::endpoint local = tcp().socket().local_endpoint(ec);
    const tcp::endpoint peer = tcp().socket().remote_endpoint(ec);
    if (!ec) connection_ = {local.address().to_string(), local.port(), peer.address().to_string(), peer.port()};
    if constexpr (kTls) {
      state_ = State::handshake;
      tcp().expires_after(limits::kReadTimeout);
      stream_.async_handshake(ssl::stream_base::server, beast::bind_front_handler(&Session::on_handshake, self()));
    } else {
      read_header();
    }
  }

  void on_handshake(beast::error_code ec) {
    if (ec) {
      fail(ec, "TLS handshake");
      return close_now();
    }
    read_header();
  }

  void read_header() {
    state_ = State::idle;
    if (hub_.stopping()) return close_gracefully();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits::kMaxHeaderBytes));
    // No body limit yet: admit() answers an oversized Content-Length with a proper 413 from the
    // header alone, then the route's own limit is set before any body byte is read.
    parser_->body_limit(boost::none);
    tcp().expires_after(first_request_ ? limits::kReadTimeout : limits::kIdleTimeout);
    bhttp::async_read_header(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_header, self()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::header_limit) {
      return respond_transport_error(
          make_error(ErrorCode::too_large,
                     Text{fmt::format("要求ヘッダーが {} バイトを超えています", limits::kMaxHeaderBytes),
                          fmt::format("the request header is larger than {} bytes", limits::kMaxHeaderBytes)}),
          false);
    }
    if (is_parse_error(ec)) {
      return respond_transport_error(
          make_error(ErrorCode::invalid_request, Text{"HTTP の要求として読めません", "not a valid HTTP request"}),
          false);
    }
    if (ec) {
      if (ec != bhttp::error::end_of_stream) fail(ec, "read");
      return ec == bhttp::error::end_of_stream ? close_gracefully() : close_now();
    }
    first_request_ = false;
    state_ = State::reading;
    started_ = Clock::now();
    const Request& req = parser_->get();
    log_method_ = std::string(req.method_string());
    log_path_ = std::string(req.target().substr(0, req.target().find_first_of("?#")));

    std::optional<Admission> admission;
    try {
      admission = admit(req, hub_.api(), hub_.route_context());
    } catch (const std::exception&) {
      return respond_transport_error(
          make_error(ErrorCode::internal, Text{"内部エラーが発生しました", "internal error"}), true);
    }
    if (admission->answer) return refuse(std::move(*admission->answer));
    parser_->body_limit(admission->body_limit);
    if (parser_->is_done()) return on_body({}, 0);
    // curl and .NET wait for "100 Continue" before sending a large body.
    if (req.version() == 11 && beast::iequals(req[bhttp::field::expect], "100-continue")) {
      tcp().expires_after(limits::kWriteTimeout);
      return asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                               beast::bind_front_handler(&Session::on_continue, self()));
    }
    read_body();
  }

  // Answers a request refused from its header. A small body is read and dropped first, so the
  // connection can carry the next request; a large one (or one the client holds back for
  // "100 Continue") is left unread and the connection closes.
  void refuse(Response res) {
    const Request& req = parser_->get();
    const auto length = parser_->content_length();
    const bool small = !length || *length <= limits::kMaxDiscardBytes;  // chunked bodies: up to the limit
    if (parser_->is_done() || !small || beast::iequals(req[bhttp::field::expect], "100-continue")) {
      return respond(std::move(res), !parser_->is_done());
    }
    refusal_.emplace(std::move(res));
    parser_->body_limit(limits::kMaxDiscardBytes);
    tcp().expires_after(limits::kReadTimeout);
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_discarded, self()));
  }

  void on_discarded(beast::error_code ec, std::size_t) {
    Response res = std::move(*refusal_);
    refusal_.reset();
    if (!ec) return respond(std::move(res), false);
    if (ec == bhttp::error::body_limit || is_parse_error(ec)) return respond(std::move(res), true);
    fail(ec, "read");
    close_now();
  }

  void on_continue(beast::error_code ec, std::size_t) {
    if (ec) {
      fail(ec, "write");
      return close_now();
    }
    read_body();
  }

  void read_body() {
    tcp().expires_after(limits::kReadTimeout);
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_body, self()));
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::body_limit) {
      return respond_transport_error(
          make_error(ErrorCode::too_large, Text{"要求の本文が大きすぎます", "the request body is too large"}), true);
    }
    if (is_parse_error(ec)) {
      return respond_transport_error(
          make_error(ErrorCode::invalid_request, Text{"要求の本文を読めません", "the request body cannot be read"}),
          true);
    }
    if (ec) {
      fail(ec, "read");
      return close_now();
    }
    Response res = route(parser_->get(), hub_.api(), hub_.route_context(), &connection_);
    parser_.reset();  // the body can be large; it is not needed any more
    respond(std::move(res), false);
  }

  // An error found by the transport, with the request's header when it was parsed.
  void respond_transport_error(const Error& error, bool header_parsed) {
    const Request* req = header_parsed && parser_ && parser_->is_header_done() ? &parser_->get() : nullptr;
    if (req == nullptr) {
      log_method_ = "-";
      log_path_ = "-";
      started_ = Clock::now();
    }
    Response res = error_response(error, req, hub_.api(), hub_.route_context());
    respond(std::move(res), true);
  }

  // `body_unread`: the request's body (if any) was not read, so the connection cannot carry
  // another request and is closed after the answer.
  void respond(Response res, bool body_unread) {
    state_ = State::responding;
    linger_ = body_unread && !(parser_ && parser_->is_done());
    if (body_unread || hub_.stopping()) res.keep_alive(false);
    response_.emplace(std::move(res));
    tcp().expires_after(limits::kWriteTimeout);
    bhttp::async_write(stream_, *response_, beast::bind_front_handler(&Session::on_write, self()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (hub_.verbose()) {
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
      hub_.log(fmt::format("{} {} {} {:.1f} ms", log_method_, log_path_, response_->result_int(), ms));
    }
    if (ec) {
      fail(ec, "write");
      return close_now();
    }
    const bool keep_alive = response_->keep_alive();
    response_.reset();
    if (linger_) return linger();
    if (!keep_alive) return close_gracefully();
    read_header();
  }

  // Closes after unread request bytes: stop sending, then drain what the client still sends
  // (bounded by kLingerTimeout), so the kernel does not answer unread data with a reset that
  // destroys the response before the client reads it.
  void linger() {
    state_ = State::closing;
    parser_.reset();
    beast::error_code ec;
    tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
    drain_.resize(kDrainChunkBytes);
    tcp().expires_after(limits::kLingerTimeout);
    drain();
  }

  void drain() { tcp().async_read_some(asio::buffer(drain_), beast::bind_front_handler(&Session::on_drain, self())); }

  void on_drain(beast::error_code ec, std::size_t) {
    if (ec) return close_now();
    drain();
  }

  void close_gracefully() {
    state_ = State::closing;
    parser_.reset();
    if constexpr (kTls) {
      tcp().expires_after(limits::kLingerTimeout);
      stream_.async_shutdown(beast::bind_front_handler(&Session::on_shutdown, self()));
    } else {
      beast::error_code ec;
      tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  void on_shutdown(beast::error_code) { close_now(); }

  void close_now() {
    state_ = State::closing;
    tcp().close();
  }

  // Idle connections close at once; a request being read, routed or answered is finished (its
  // answer says Connection: close), and so is one whose first bytes have already arrived.
  void on_stop() {
    if (state_ == State::handshake) return close_now();
    if (state_ != State::idle) return;
    beast::error_code ec;
    const std::size_t waiting = tcp().socket().available(ec);
    if (buffer_.size() == 0 && (ec || waiting == 0)) close_now();
  }

  Hub& hub_;
  std::uint64_t id_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<Response> response_;
  std::optional<Response> refusal_;  // a refusal waiting for the body it drops
  std::vector<char> drain_;
  State state_ = State::handshake;
  bool first_request_ = true;
  bool linger_ = false;
  Clock::time_point started_;
  std::string log_method_;
  std::string log_path_;
  platform::TcpConnection connection_;
};

using PlainSession = Session<beast::tcp_stream>;
using TlsSession = Session<beast::ssl_stream<beast::tcp_stream>>;

// Accepts connections and starts a session for each, up to kMaxConnections.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, Hub& hub, ssl::context* tls)
      : ioc_(ioc), hub_(hub), tls_(tls), acceptor_(asio::make_strand(ioc)) {}

  Result<std::uint16_t> open(std::uint16_t port) {
    beast::error_code ec;
    const tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), port);
    if (acceptor_.open(endpoint.protocol(), ec); !ec) {
      // A restart right after a stop should not fail on connections still in TIME_WAIT.
      acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return make_error(ErrorCode::internal,
                        Text{fmt::format("127.0.0.1:{} で待ち受けできません: {}", port, ec.message()),
                             fmt::format("cannot listen on 127.0.0.1:{}: {}", port, ec.message())});
    }
    const tcp::endpoint bound = acceptor_.local_endpoint(ec);
    if (ec) return make_error(ErrorCode::internal, Text{"待ち受けポートが分かりません", ec.message()});
    return bound.port();
  }

  void run() {
    asio::dispatch(acceptor_.get_executor(), beast::bind_front_handler(&Listener::accept, shared_from_this()));
  }

  void stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void accept() {
    acceptor_.async_accept(asio::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open() || ec == asio::error::operation_aborted) return;
    if (ec) {
      hub_.log(fmt::format("accept: {}", ec.message()));
    } else if (hub_.stopping()) {
      socket.close(ec);
    } else if (const auto id = hub_.enter(); !id) {
      // Refused politely: the client sees the connection close, not a hang.
      hub_.log(fmt::format("connection refused: {} connections are open", limits::kMaxConnections));
      socket.close(ec);
    } else {
      start_session(*id, std::move(socket));
    }
    accept();
  }

  void start_session(std::uint64_t id, tcp::socket socket) {
    // Answers are written as a header and a body (two TLS records): without TCP_NODELAY the
    // second waits for the first one's acknowledgement.
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    try {
      if (tls_ != nullptr) {
        auto s = std::make_shared<TlsSession>(hub_, id, std::move(socket), *tls_);
        hub_.attach(id, s);
        s->run();
      } else {
        auto s = std::make_shared<PlainSession>(hub_, id, std::move(socket));
        hub_.attach(id, s);
        s->run();
      }
    } catch (const std::exception& e) {
      hub_.leave(id);
      hub_.log(fmt::format("session: {}", e.what()));
    }
  }

  asio::io_context& ioc_;
  Hub& hub_;
  ssl::context* tls_;
  tcp::acceptor acceptor_;
};

void print_error(const Error& e, Locale locale) {
  fmt::print(stderr, "sendguard: {}\n", e.message.in(locale));
}

// Runs handlers until the io_context is stopped; an exception escaping a handler is a bug, but
// it must not take the process down with requests in flight.
void run_io(asio::io_context& ioc, const Hub& hub) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      hub.log(fmt::format("unexpected exception: {}", e.what()));
    }
  }
}

}  // namespace

Result<std::uint16_t> parse_listen(std::string_view listen) {
  const auto refuse = [&] {
    return make_error(
        ErrorCode::invalid_request,
        Text{fmt::format("--listen {} は使えません。127.0.0.1:PORT か localhost:PORT を指定してください"
                         "（ループバック以外では待ち受けません）",
                         listen),
             fmt::format("--listen {} is refused: give 127.0.0.1:PORT or localhost:PORT (the host listens on "
                         "loopback only)",
                         listen)});
  };
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos) return refuse();
  const std::string_view host = listen.substr(0, colon);
  const std::string_view port = listen.substr(colon + 1);
  if (host != "127.0.0.1" && host != "localhost") return refuse();
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535) return refuse();
  return static_cast<std::uint16_t>(value);
}

int serve(Api& api, const ServeOptions& options) {
  const auto port = parse_listen(options.listen);
  if (!port) {
    print_error(port.error(), options.locale);
    return 2;
  }

  if (!options.web_ui_dir.empty()) {
    std::error_code ec;
    const std::filesystem::path dir(options.web_ui_dir);
    if (!std::filesystem::is_directory(dir / "outlook", ec) && !std::filesystem::is_directory(dir / "dialog", ec)) {
      print_error(
          make_error(ErrorCode::invalid_request,
                     Text{fmt::format("--web-ui-dir {} に outlook/ も dialog/ もありません", options.web_ui_dir),
                          fmt::format("--web-ui-dir {} has neither outlook/ nor dialog/", options.web_ui_dir)}),
          options.locale);
      return 2;
    }
  }

  // Declared before the io_context: sessions destroyed with it still use them.
  std::unique_ptr<ssl::context> tls;
  if (!options.insecure_http) {
    auto certs = tls::ensure_certificates(api.config().data_dir);
    if (!certs) {
      print_error(certs.error(), options.locale);
      return 1;
    }
    if (certs->ca_created) {
      // On stderr: stdout carries only the "listening on" line that scripts wait for.
      const std::string ca = certs->files.ca_cert.string();
      fmt::print(
          stderr, "sendguard: {}\n",
          Text{fmt::format("新しい証明機関を作成しました（{}）。HTTPS のクライアントにこの CA を信頼させてください"
                           "（curl なら --cacert {}）",
                           ca, ca),
               fmt::format("created a new certificate authority ({}); HTTPS clients must trust it "
                           "(for curl: --cacert {})",
                           ca, ca)}
              .in(options.locale));
    }
    auto ctx = tls::make_server_context(certs->files);
    if (!ctx) {
      print_error(ctx.error(), options.locale);
      return 1;
    }
    tls = std::move(*ctx);
  }

#ifdef SIGPIPE
  // A client or log reader that goes away must not kill the host; failed writes are errors.
  std::signal(SIGPIPE, SIG_IGN);
#endif

  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, kMaxThreads);
  Hub hub(api, RouteContext{0, tls != nullptr, options.web_ui_dir}, options.verbose);
  asio::io_context ioc(static_cast<int>(threads));
  auto listener = std::make_shared<Listener>(ioc, hub, tls.get());
  const auto bound = listener->open(*port);
  if (!bound) {
    print_error(bound.error(), options.locale);
    return 1;
  }
  hub.set_port(*bound);

  // From here on SIGINT and SIGTERM stop the host gracefully; a second one abandons what is left.
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  std::function<void(const beast::error_code&, int)> on_signal = [&](const beast::error_code& ec, int) {
    if (ec) return;
    if (hub.stop_requested()) return hub.abandon();
    hub.request_stop();
    signals.async_wait(on_signal);
  };
  signals.async_wait(on_signal);

  listener->run();
  auto work = asio::make_work_guard(ioc);
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i) pool.emplace_back([&] { run_io(ioc, hub); });

  std::cout << "listening on " << (tls ? "https" : "http") << "://127.0.0.1:" << *bound << std::endl;

  hub.wait_for_stop_request();
  listener->stop();
  hub.stop_sessions();
  if (const std::size_t left = hub.wait_until_idle(Clock::now() + limits::kShutdownGrace); left > 0) {
    fmt::print(stderr, "sendguard: stopping with {} connection(s) unfinished\n", left);
  }
  work.reset();
  ioc.stop();
  for (auto& t : pool) t.join();
  return 0;
}

}  // namespace sg::http

// `sendguard certs install|uninstall` with the real tools: a temporary NSS database checked by
// certutil, NSS's chain validation (vfychain) and NSS's own TLS client (tstclnt) against the
// running host; and the system store,
// where curl without --cacert reaches the host after install and not after uninstall.
//
// The system-store test changes this machine's trusted roots, so it needs root. CI runs the tests
// as root (scripts/test); run as anyone else it fails on purpose instead of skipping, so the
// system path is never silently untested. A scope guard removes the CA even when a check fails.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "support/files.h"
#include "support/process.h"
#include "support/server.h"

namespace fs = std::filesystem;
using sg::test::RunResult;
using sg::test::Server;

namespace {

// Another run of these tests (the release and sanitizer builds, another checkout) may change the
// system store at the same time; update-ca-certificates rebuilds one bundle, so take turns.
constexpr const char* kSystemStoreLock = "/run/lock/sendguard-certs-test.lock";

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

RunResult certs(const Server& s, std::vector<std::string> args) {
  std::vector<std::string> argv = {sg::test::sendguard_binary(), "--data-dir", s.data().string(), "certs"};
  argv.insert(argv.end(), args.begin(), args.end());
  return sg::test::run(std::move(argv), {"LC_ALL=en_US.UTF-8"});
}

std::string nickname(const Server& s) {
  const auto r = sg::test::run(
      {"/usr/bin/openssl", "x509", "-in", (s.data() / "ca.pem").string(), "-noout", "-fingerprint", "-sha256"});
  REQUIRE(r.status == 0);
  // "sha256 Fingerprint=AB:CD:..." -> the first 16 hex digits, lower case.
  std::string hex;
  for (const char c : r.out.substr(r.out.find('=') + 1)) {
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += static_cast<char>(std::tolower(c));
  }
  return "SendGuard local CA " + hex.substr(0, 16);
}

RunResult certutil(const fs::path& db, std::vector<std::string> args) {
  std::vector<std::string> argv = {"/usr/bin/certutil"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"-d", "sql:" + db.string()});
  return sg::test::run(std::move(argv));
}

// An HTTPS request by NSS's own client, which verifies the host with the database's trust. tstclnt
// keeps waiting after the server closes the connection, so it is stopped after kTstclntSeconds;
// what it printed tells a verified handshake (the answer) from a refused one (SEC_ERROR_...).
constexpr const char* kTstclntSeconds = "3";

RunResult nss_get_health(const Server& s, const fs::path& db) {
  const std::string request =
      "GET /v1/health HTTP/1.1\r\nHost: localhost:" + std::to_string(s.port()) + "\r\nConnection: close\r\n\r\n";
  return sg::test::run({"/usr/bin/timeout", kTstclntSeconds, "/usr/bin/tstclnt", "-4", "-h", "localhost", "-p",
                        std::to_string(s.port()), "-d", "sql:" + db.string()},
                       {}, request);
}

bool nss_verified(const RunResult& r) {
  return contains(r.out, "\"status\":\"ok\"") && !contains(r.out + r.err, "SEC_ERROR");
}

bool nss_refused(const RunResult& r) {
  return contains(r.out + r.err, "SEC_ERROR_UNKNOWN_ISSUER") && !contains(r.out, "\"status\"");
}

// NSS's chain validation of the host's leaf for TLS server use (vfychain -u 1).
RunResult nss_verify_leaf(const Server& s, const fs::path& db) {
  return sg::test::run(
      {"/usr/bin/vfychain", "-d", "sql:" + db.string(), "-u", "1", "-a", (s.data() / "server.pem").string()});
}

RunResult curl_health(const Server& s) {
  return sg::test::run(
      {"/usr/bin/curl", "-sS", "--max-time", "20", "https://127.0.0.1:" + std::to_string(s.port()) + "/v1/health"});
}

// Holds the system-store lock; uninstalls the CA when the test leaves, whatever happened.
class SystemStoreGuard {
 public:
  explicit SystemStoreGuard(const Server& s, fs::path nss) : server_(s), nss_(std::move(nss)) {
    fd_ = ::open(kSystemStoreLock, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    REQUIRE(fd_ >= 0);
    REQUIRE(::flock(fd_, LOCK_EX) == 0);
  }
  ~SystemStoreGuard() {
    (void)certs(server_, {"uninstall", "--nss-db", nss_.string()});
    // Whatever uninstall did, nothing of this test may stay trusted.
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/usr/local/share/ca-certificates", ec)) {
      if (e.path().filename().string().starts_with("sendguard-") && sg::test::read_text(e.path()) == pem()) {
        fs::remove(e.path(), ec);
        (void)sg::test::run({"/usr/sbin/update-ca-certificates", "--fresh"});
      }
    }
    ::close(fd_);
  }
  SystemStoreGuard(const SystemStoreGuard&) = delete;
  SystemStoreGuard& operator=(const SystemStoreGuard&) = delete;

 private:
  [[nodiscard]] std::string pem() const { return sg::test::read_text(server_.data() / "ca.pem"); }
  const Server& server_;
  fs::path nss_;
  int fd_ = -1;
};

}  // namespace

TEST_CASE(
    "certs install into an NSS database: listed with trust C,,, valid as an SSL CA, and NSS's client trusts the host") {
  Server s;
  sg::test::TempDir tmp;
  const fs::path db = tmp.path() / "nssdb";  // made by install: it does not exist yet
  const std::string nick = nickname(s);

  // Before: NSS's client, with a database that does not trust the CA, refuses the host.
  const fs::path untrusting = tmp.path() / "empty-nssdb";
  fs::create_directories(untrusting);
  REQUIRE(certutil(untrusting, {"-N", "--empty-password"}).status == 0);
  CHECK(nss_refused(nss_get_health(s, untrusting)));
  CHECK(nss_verify_leaf(s, untrusting).status != 0);

  auto r = certs(s, {"install", "--nss-db", db.string(), "--no-system"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(contains(r.out, "Added to NSS"));
  CHECK(contains(r.out, nick));
  CHECK_FALSE(contains(r.out, "administrator"));  // --no-system: the system store is not mentioned

  const RunResult listed = certutil(db, {"-L"});
  REQUIRE(listed.status == 0);
  CHECK(contains(listed.out, nick));
  std::string line = listed.out.substr(listed.out.find(nick));
  line = line.substr(0, line.find('\n'));
  while (line.ends_with(' ')) line.pop_back();
  CHECK(line.ends_with(" C,,"));
  // Valid as an SSL CA (-u L; -u V would ask whether the CA itself may serve TLS, which it may not).
  const RunResult valid = certutil(db, {"-V", "-u", "L", "-n", nick});
  CHECK_MESSAGE(valid.status == 0, (valid.out + valid.err));
  const RunResult chain = nss_verify_leaf(s, db);
  CHECK_MESSAGE(chain.status == 0, (chain.out + chain.err));
  const RunResult tls = nss_get_health(s, db);
  CHECK_MESSAGE(nss_verified(tls), (tls.out + tls.err));

  // Again: nothing new.
  r = certs(s, {"install", "--nss-db", db.string(), "--no-system"});
  REQUIRE(r.status == 0);
  CHECK(contains(r.out, "Already trusted in NSS"));
  const RunResult relisted = certutil(db, {"-L"});
  CHECK(relisted.out.find(nick) == relisted.out.rfind(nick));

  r = certs(s, {"uninstall", "--nss-db", db.string(), "--no-system"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(contains(r.out, "Removed from NSS"));
  CHECK(certutil(db, {"-L", "-n", nick}).status != 0);
  CHECK(nss_refused(nss_get_health(s, db)));
  CHECK(nss_verify_leaf(s, db).status != 0);
  r = certs(s, {"uninstall", "--nss-db", db.string(), "--no-system"});
  CHECK(r.status == 0);
  CHECK(contains(r.out, "It was not trusted"));
}

TEST_CASE("certs install makes the CA when the host has not run yet") {
  sg::test::TempDir tmp;
  const auto r = sg::test::run({sg::test::sendguard_binary(), "--data-dir", (tmp.path() / "data").string(), "certs",
                                "install", "--nss-db", (tmp.path() / "nssdb").string(), "--no-system"},
                               {"LC_ALL=ja_JP.UTF-8"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(fs::exists(tmp.path() / "data" / "ca.pem"));
  CHECK(contains(r.out, "新しい証明機関を作成しました"));
  CHECK(contains(r.out, "NSS"));
}

TEST_CASE("certs install without root prints the administrator's command for the system store") {
  // Run as nobody when we are root, so the not-root path is what runs here too.
  REQUIRE_MESSAGE(::geteuid() == 0, "this test must run as root (as CI does) to run the command as another user");
  sg::test::TempDir tmp;
  fs::permissions(tmp.path(), fs::perms::all);
  const fs::path data = tmp.path() / "data";
  const std::vector<std::string> as_nobody = {"/usr/bin/setpriv",  "--reuid=65534", "--regid=65534",
                                              "--clear-groups",    "env",           "HOME=" + tmp.path().string(),
                                              "LC_ALL=en_US.UTF-8"};
  std::vector<std::string> argv = as_nobody;
  argv.insert(argv.end(), {sg::test::sendguard_binary(), "--data-dir", data.string(), "certs", "install", "--nss-db",
                           (tmp.path() / "nssdb").string()});
  auto r = sg::test::run(argv);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(contains(r.out, "an administrator (root) runs:"));
  CHECK(contains(r.out,
                 "install -m 0644 '" + (data / "ca.pem").string() + "' /usr/local/share/ca-certificates/sendguard-"));
  CHECK(contains(r.out, ".crt && update-ca-certificates"));
  const auto listed = sg::test::run({"/usr/bin/ls", "/usr/local/share/ca-certificates"});
  CHECK_FALSE(contains(listed.out, "sendguard-"));
}

TEST_CASE("certs install as root trusts the CA system-wide: curl without --cacert works, and not after uninstall") {
  REQUIRE_MESSAGE(::geteuid() == 0, "this test must run as root (as CI does): it changes the system's trusted roots");
  Server s;
  sg::test::TempDir tmp;
  const fs::path nss = tmp.path() / "nssdb";
  SystemStoreGuard guard(s, nss);

  RunResult before = curl_health(s);
  REQUIRE_MESSAGE(before.status != 0, ("the host's CA is already trusted system-wide: " + before.out));

  RunResult r = certs(s, {"install", "--nss-db", nss.string()});
  REQUIRE_MESSAGE(r.status == 0, (r.err + r.out));
  CHECK(contains(r.out, "Added to the system store: /usr/local/share/ca-certificates/sendguard-"));
  const RunResult after = curl_health(s);
  CHECK_MESSAGE(after.status == 0, after.err);
  CHECK(contains(after.out, "\"status\":\"ok\""));

  r = certs(s, {"install", "--nss-db", nss.string()});
  REQUIRE(r.status == 0);
  CHECK(contains(r.out, "Already trusted in the system store"));

  r = certs(s, {"uninstall", "--nss-db", nss.string()});
  REQUIRE_MESSAGE(r.status == 0, (r.err + r.out));
  CHECK(contains(r.out, "Removed from the system store"));
  const RunResult gone = curl_health(s);
  CHECK(gone.status != 0);
  CHECK(contains(gone.err, "certificate"));
}

// The per-machine CA and leaf certificate in a temporary data directory: what is generated, that
// it is kept across starts, and when the leaf or the CA is made again.
#include <doctest/doctest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <memory>
#include <string>

#include "support/files.h"
#include "tls/certificates.h"

namespace fs = std::filesystem;
using Clock = std::chrono::system_clock;

namespace {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr load_cert(const fs::path& file) {
  const std::string pem = sg::test::read_text(file);
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509Ptr cert(PEM_read_bio_X509(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  REQUIRE(cert);
  return cert;
}

bool signed_by(X509* leaf, X509* ca) {
  return X509_verify(leaf, X509_get0_pubkey(ca)) == 1;
}

fs::perms perms_of(const fs::path& p) {
  return fs::status(p).permissions() & fs::perms::all;
}

// Days from now until the certificate's notAfter.
int days_left(X509* cert) {
  int days = 0;
  int seconds = 0;
  REQUIRE(ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert)) == 1);
  return days;
}

sg::tls::CertificateState ensure(const fs::path& dir, Clock::time_point now = Clock::now()) {
  auto state = sg::tls::ensure_certificates(dir, now);
  if (!state.ok()) FAIL(state.error().message.en);
  return *state;
}

}  // namespace

TEST_CASE("the first start makes a CA and a leaf for localhost and 127.0.0.1, keys owner-only") {
  sg::test::TempDir tmp;
  const fs::path dir = tmp.path() / "data";
  const auto state = ensure(dir);
  CHECK(state.ca_created);
  CHECK(state.leaf_issued);
  CHECK(state.files.ca_cert == dir / "ca.pem");
  CHECK(state.files.ca_key == dir / "ca-key.pem");
  CHECK(state.files.server_cert == dir / "server.pem");
  CHECK(state.files.server_key == dir / "server-key.pem");
  CHECK(perms_of(state.files.ca_key) == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(perms_of(state.files.server_key) == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(sg::test::read_text(state.files.server_key).starts_with("-----BEGIN PRIVATE KEY-----"));

  const X509Ptr ca = load_cert(state.files.ca_cert);
  const X509Ptr leaf = load_cert(state.files.server_cert);
  CHECK(X509_check_ca(ca.get()) >= 1);
  CHECK((X509_get_key_usage(ca.get()) & KU_KEY_CERT_SIGN) != 0);
  CHECK((X509_get_key_usage(ca.get()) & KU_CRL_SIGN) != 0);
  CHECK(X509_check_ca(leaf.get()) == 0);
  CHECK(signed_by(leaf.get(), ca.get()));
  CHECK(X509_check_issued(ca.get(), leaf.get()) == X509_V_OK);
  CHECK(X509_check_host(leaf.get(), "localhost", 0, 0, nullptr) == 1);
  CHECK(X509_check_ip_asc(leaf.get(), "127.0.0.1", 0) == 1);
  CHECK(X509_check_host(leaf.get(), "example.com", 0, 0, nullptr) != 1);
  CHECK((X509_get_extended_key_usage(leaf.get()) & XKU_SSL_SERVER) != 0);
  CHECK(EVP_PKEY_is_a(X509_get0_pubkey(leaf.get()), "EC") == 1);
  CHECK(EVP_PKEY_get_bits(X509_get0_pubkey(leaf.get())) == 256);
  CHECK(days_left(ca.get()) > 3600);
  CHECK(days_left(leaf.get()) > 700);
  CHECK(days_left(leaf.get()) <= 825);
}

TEST_CASE("a later start keeps the certificates it finds usable") {
  sg::test::TempDir tmp;
  const auto first = ensure(tmp.path());
  const std::string ca = sg::test::read_text(first.files.ca_cert);
  const std::string leaf = sg::test::read_text(first.files.server_cert);
  const auto second = ensure(tmp.path());
  CHECK_FALSE(second.ca_created);
  CHECK_FALSE(second.leaf_issued);
  CHECK(sg::test::read_text(second.files.ca_cert) == ca);
  CHECK(sg::test::read_text(second.files.server_cert) == leaf);
}

TEST_CASE("a missing leaf is issued again by the same CA") {
  sg::test::TempDir tmp;
  const auto first = ensure(tmp.path());
  const std::string ca = sg::test::read_text(first.files.ca_cert);
  fs::remove(first.files.server_cert);
  const auto second = ensure(tmp.path());
  CHECK_FALSE(second.ca_created);
  CHECK(second.leaf_issued);
  CHECK(sg::test::read_text(second.files.ca_cert) == ca);
  CHECK(signed_by(load_cert(second.files.server_cert).get(), load_cert(second.files.ca_cert).get()));
}

TEST_CASE("a leaf expiring within 30 days is issued again") {
  sg::test::TempDir tmp;
  // Made so long ago that the leaf has ten days left today.
  const auto first = ensure(tmp.path(), Clock::now() - sg::tls::kLeafLifetime + std::chrono::days(10));
  CHECK(days_left(load_cert(first.files.server_cert).get()) < 30);
  const auto second = ensure(tmp.path());
  CHECK_FALSE(second.ca_created);
  CHECK(second.leaf_issued);
  CHECK(days_left(load_cert(second.files.server_cert).get()) > 700);
}

TEST_CASE("a leaf not signed by the current CA is issued again") {
  sg::test::TempDir a;
  sg::test::TempDir b;
  const auto mine = ensure(a.path());
  const auto other = ensure(b.path());
  fs::copy_file(other.files.server_cert, mine.files.server_cert, fs::copy_options::overwrite_existing);
  fs::copy_file(other.files.server_key, mine.files.server_key, fs::copy_options::overwrite_existing);
  REQUIRE_FALSE(signed_by(load_cert(mine.files.server_cert).get(), load_cert(mine.files.ca_cert).get()));
  const auto again = ensure(a.path());
  CHECK_FALSE(again.ca_created);
  CHECK(again.leaf_issued);
  CHECK(signed_by(load_cert(again.files.server_cert).get(), load_cert(again.files.ca_cert).get()));
}

TEST_CASE("a leaf whose key does not match it is issued again") {
  sg::test::TempDir a;
  sg::test::TempDir b;
  const auto mine = ensure(a.path());
  const auto other = ensure(b.path());
  fs::copy_file(other.files.server_key, mine.files.server_key, fs::copy_options::overwrite_existing);
  CHECK(ensure(a.path()).leaf_issued);
}

TEST_CASE("a CA whose key is lost or unreadable is made again, and a new leaf with it") {
  sg::test::TempDir tmp;
  const auto first = ensure(tmp.path());
  const std::string old_ca = sg::test::read_text(first.files.ca_cert);
  fs::remove(first.files.ca_key);
  auto again = ensure(tmp.path());
  CHECK(again.ca_created);
  CHECK(again.leaf_issued);
  CHECK(sg::test::read_text(again.files.ca_cert) != old_ca);
  CHECK(signed_by(load_cert(again.files.server_cert).get(), load_cert(again.files.ca_cert).get()));

  sg::test::write_text(again.files.ca_cert, "not a certificate");
  again = ensure(tmp.path());
  CHECK(again.ca_created);
  CHECK(signed_by(load_cert(again.files.server_cert).get(), load_cert(again.files.ca_cert).get()));
}

TEST_CASE("key files whose permissions were loosened are restricted again") {
  sg::test::TempDir tmp;
  const auto first = ensure(tmp.path());
  fs::permissions(first.files.server_key,
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(first.files.ca_key, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  const auto second = ensure(tmp.path());
  CHECK_FALSE(second.leaf_issued);
  CHECK(perms_of(second.files.server_key) == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(perms_of(second.files.ca_key) == (fs::perms::owner_read | fs::perms::owner_write));
}

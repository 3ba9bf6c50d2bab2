// draft_digest: SHA-256 (OpenSSL EVP) over length-prefixed fields, so no two drafts serialise alike.
#include "wire/draft_digest.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace sg::wire {

namespace {

// Bumped whenever the serialisation changes, so an old digest can never equal a new one.
constexpr std::string_view kSerialisationVersion = "sendguard-draft-digest/1\n";

std::string hex(const unsigned char* bytes, unsigned int size) {
  std::string out;
  out.reserve(size * 2u);
  for (unsigned int i = 0; i < size; ++i) out += fmt::format("{:02x}", bytes[i]);
  return out;
}

// Feeds "<tag> <length>\n<bytes>\n": the length prefix keeps a value's bytes from ever being read
// as the start of the next field.
class Hasher {
 public:
  Hasher() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) {
      throw std::runtime_error("SHA-256 is not available");
    }
    raw(kSerialisationVersion);
  }

  void field(std::string_view tag, std::string_view value) {
    raw(fmt::format("{} {}\n", tag, value.size()));
    raw(value);
    raw("\n");
  }

  std::string finish() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), md.data(), &size) != 1) throw std::runtime_error("SHA-256 failed");
    return hex(md.data(), size);
  }

 private:
  void raw(std::string_view bytes) {
    if (EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()) != 1) throw std::runtime_error("SHA-256 failed");
  }

  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
};

std::string sha256_of(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return hex(md.data(), size);
}

void address(Hasher& h, std::string_view tag, const Address& a) {
  h.field(fmt::format("{}.address", tag), a.address());
  h.field(fmt::format("{}.name", tag), a.name);
}

void optional_text(Hasher& h, std::string_view tag, const std::optional<std::string>& text) {
  if (text) {
    h.field(tag, *text);
  } else {
    h.field(fmt::format("{}.absent", tag), "");
  }
}

}  // namespace

std::string draft_digest(const Draft& draft) {
  Hasher h;
  if (draft.from) {
    address(h, "from", *draft.from);
  } else {
    h.field("from.absent", "");
  }
  for (Field f : {Field::to, Field::cc, Field::bcc}) {
    const auto& list = draft.field(f);
    h.field(fmt::format("{}.count", field_name(f)), std::to_string(list.size()));
    for (const Address& a : list) address(h, field_name(f), a);
  }
  h.field("subject", draft.subject);
  optional_text(h, "body.text", draft.body.text);
  optional_text(h, "body.html", draft.body.html);
  h.field("compose_type", compose_type_name(draft.compose_type));
  h.field("attachments.count", std::to_string(draft.attachments.size()));
  for (const Attachment& a : draft.attachments) {
    h.field("attachment.name", a.name);
    h.field("attachment.content_type", a.content_type);
    h.field("attachment.size", std::to_string(a.size));
    h.field("attachment.content", a.content ? "sha256:" + sha256_of(*a.content) : std::string("no content"));
  }
  return h.finish();
}

}  // namespace sg::wire

// The archive writer in process, without file I/O: CPU time per byte of 64 MiB of random data
// (stored: AES-256-CTR + HMAC-SHA1) and of the bench's kind of text (deflated in parallel),
// against the bound the issue names: HMAC-SHA1 alone over the same bytes, in the same run.
// Prints one JSON line per measurement; scripts/bench shows them.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "crypt/aes_zip.h"

namespace {

// Keeps only the count: the writer's cost without a copy into memory or a file.
class DiscardSink final : public sg::crypt::ArchiveSink {
 public:
  sg::Status write(std::string_view bytes) override {
    n_ += bytes.size();
    return sg::Ok{};
  }
  sg::Status overwrite(std::uint64_t /*offset*/, std::string_view /*bytes*/) override { return sg::Ok{}; }
  [[nodiscard]] std::uint64_t position() const override { return n_; }

 private:
  std::uint64_t n_ = 0;
};

struct Timing {
  double cpu_s;
  double wall_s;
};

template <class F>
Timing timed(F&& f) {
  const std::clock_t c0 = std::clock();
  const auto w0 = std::chrono::steady_clock::now();
  f();
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - w0;
  return {static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC, wall.count()};
}

void report(const char* what, std::size_t bytes, Timing t, std::uint64_t out) {
  const double mb = static_cast<double>(bytes) / 1e6;
  std::printf("{\"what\":\"%s\",\"mb_per_cpu_s\":%.0f,\"mb_per_wall_s\":%.0f,\"out_bytes\":%llu}\n", what, mb / t.cpu_s,
              mb / t.wall_s, static_cast<unsigned long long>(out));
}

std::uint64_t write_one(const std::string& data, sg::crypt::Compression compression) {
  DiscardSink sink;
  sg::crypt::AesZipWriter writer(sink, "bench-password-1");
  if (!writer.add({"data", compression}, data).ok() || !writer.finish().ok()) {
    std::fprintf(stderr, "sg_bench_zip: the writer failed\n");
    std::exit(1);
  }
  return sink.position();
}

}  // namespace

int main() {
  std::string random(std::size_t{64} << 20, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(random.data()), static_cast<int>(random.size())) != 1) return 1;
  std::string text;
  for (int i = 0; text.size() < (std::size_t{50} << 20); ++i) {
    text += std::to_string(100000 + i) + ",佐藤 花子,東京都千代田区" + std::to_string(i % 97) + "-1-2,03-1234-" +
            std::to_string(1000 + i % 9000) + ",user" + std::to_string(i % 4999) + "@example.jp\n";
  }
  // std::clock is the process's CPU time, all threads together: MB per CPU second is per core.
  for (int round = 0; round < 3; ++round) {
    std::uint64_t out = 0;
    const Timing store = timed([&] { out = write_one(random, sg::crypt::Compression::store); });
    report("writer, store, random", random.size(), store, out);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    const Timing hmac = timed([&] {
      HMAC(EVP_sha1(), "k", 1, reinterpret_cast<const unsigned char*>(random.data()), random.size(), mac, &mac_len);
    });
    report("peer: HMAC-SHA1 alone, random", random.size(), hmac, mac_len);
    const Timing deflate = timed([&] { out = write_one(text, sg::crypt::Compression::deflate); });
    report("writer, deflate, text", text.size(), deflate, out);
  }
  return 0;
}

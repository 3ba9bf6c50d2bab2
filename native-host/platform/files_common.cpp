// Portable file operations: bounded reads, owner-only directories.
#include "platform/files.h"

#include <fstream>

#include <fmt/format.h>

#include "platform/paths.h"

namespace sg {

Error io_error(const std::filesystem::path& p, std::string_view what_ja, std::string_view what_en,
               const std::string& detail) {
  return make_error(ErrorCode::internal, Text{fmt::format("{}（{}）: {}", what_ja, p.string(), detail),
                                              fmt::format("{} ({}): {}", what_en, p.string(), detail)});
}

Result<std::string> read_file(const std::filesystem::path& p, std::size_t max_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(p, ec);
  if (ec) {
    return make_error(ErrorCode::not_found, Text{fmt::format("ファイルを読めません: {}", p.string()),
                                                 fmt::format("cannot read {}: {}", p.string(), ec.message())});
  }
  if (size > max_bytes) {
    return make_error(ErrorCode::too_large, Text{fmt::format("{} は {} バイトを超えています", p.string(), max_bytes),
                                                 fmt::format("{} is larger than {} bytes", p.string(), max_bytes)});
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) return io_error(p, "ファイルを開けません", "cannot open", "open failed");
  std::string data(static_cast<std::size_t>(size), '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  data.resize(static_cast<std::size_t>(in.gcount()));
  return data;
}

Status ensure_private_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  const bool created = std::filesystem::create_directories(dir, ec);
  if (ec) return io_error(dir, "ディレクトリを作成できません", "cannot create directory", ec.message());
  if (created) platform::restrict_to_owner(dir, true);
  return Ok{};
}

}  // namespace sg

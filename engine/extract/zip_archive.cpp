// A ZIP archive read from memory with libzip, within the session's limits.
#include "extract/zip_archive.h"

#include <libdeflate.h>
#include <zip.h>

#include <algorithm>

#include "core/large_buffer.h"
#include "text/utf8.h"

namespace sg::extract {

namespace {

// The end-of-central-directory record is 22 bytes plus a comment of at most 65535.
constexpr std::size_t kEocdBytes = 22;
constexpr std::size_t kMaxZipCommentBytes = 65535;
constexpr std::size_t kZip64LocatorBytes = 20;
constexpr std::size_t kZip64EocdBytes = 56;
// The smallest central directory entry: a file cannot hold more entries than this allows.
constexpr std::size_t kMinCentralEntryBytes = 46;

std::uint64_t le(std::string_view s, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) {
    v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
  }
  return v;
}

struct CentralDirectory {
  std::uint64_t count = 0;   // entries declared
  std::uint64_t offset = 0;  // where the first central directory record should be
};

// The (Zip64) end of central directory record's entry count and directory offset; nullopt when
// there is none (libzip then reports the archive as unreadable).
std::optional<CentralDirectory> find_central_directory(std::string_view z) {
  if (z.size() < kEocdBytes) return std::nullopt;
  const std::size_t lowest = z.size() - std::min(z.size(), kEocdBytes + kMaxZipCommentBytes);
  for (std::size_t at = z.size() - kEocdBytes;; --at) {
    if (z.compare(at, 4, "PK\x05\x06") == 0) {
      const CentralDirectory cd{le(z, at + 10, 2), le(z, at + 16, 4)};
      if (cd.count != 0xFFFF && cd.offset != 0xFFFFFFFF) return cd;
      if (at < kZip64LocatorBytes || z.compare(at - kZip64LocatorBytes, 4, "PK\x06\x07") != 0) return cd;
      const std::uint64_t eocd64 = le(z, at - kZip64LocatorBytes + 8, 8);
      if (z.size() < kZip64EocdBytes || eocd64 > z.size() - kZip64EocdBytes ||
          z.compare(static_cast<std::size_t>(eocd64), 4, "PK\x06\x06") != 0) {
        return cd;
      }
      const auto at64 = static_cast<std::size_t>(eocd64);
      return CentralDirectory{le(z, at64 + 32, 8), le(z, at64 + 48, 8)};
    }
    if (at == lowest) return std::nullopt;
  }
}

// For each central directory record, whether its raw name holds a NUL byte (libzip shows NULs as
// spaces). Empty when the records cannot be walked (libzip decides about such archives).
std::vector<bool> names_with_nul(std::string_view z, const CentralDirectory& cd) {
  std::vector<bool> out;
  std::uint64_t pos = cd.offset;
  for (std::uint64_t n = 0; n < cd.count; ++n) {
    if (pos > z.size() || z.size() - pos < kMinCentralEntryBytes) return {};
    const auto at = static_cast<std::size_t>(pos);
    if (z.compare(at, 4, "PK\x01\x02") != 0) return {};
    const std::size_t name_len = static_cast<std::size_t>(le(z, at + 28, 2));
    if (z.size() - at - kMinCentralEntryBytes < name_len) return {};
    out.push_back(z.substr(at + kMinCentralEntryBytes, name_len).find('\0') != std::string_view::npos);
    pos += kMinCentralEntryBytes + name_len + le(z, at + 30, 2) + le(z, at + 32, 2);
  }
  return out;
}

bool is_drive_letter(std::string_view s) {
  return s.size() >= 2 && s[1] == ':' && ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'));
}

std::string lower_name(std::string_view raw) {
  return text::ascii_lower(raw);
}

std::string ratio_text(double ratio) {
  return std::to_string(static_cast<long long>(ratio));
}

}  // namespace

bool is_safe_entry_name(std::string_view raw) {
  if (raw.empty() || raw.size() > kMaxEntryNameBytes) return false;
  if (raw.front() == '/' || is_drive_letter(raw)) return false;
  for (char c : raw) {
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  }
  std::size_t begin = 0;
  while (begin <= raw.size()) {
    const std::size_t end = std::min(raw.find('/', begin), raw.size());
    if (raw.substr(begin, end - begin) == "..") return false;
    begin = end + 1;
  }
  return true;
}

std::unique_ptr<ZipArchive> ZipArchive::open(std::string_view bytes, Session& session, std::string_view location) {
  const ExtractLimits& limits = session.limits();
  const auto cd = find_central_directory(bytes);
  if (cd) {
    if (cd->count > limits.max_entries) {
      session.problem(ProblemKind::too_many_entries, location,
                      "archive declares " + std::to_string(cd->count) + " entries; the limit is " +
                          std::to_string(limits.max_entries));
      return nullptr;
    }
    if (cd->count > bytes.size() / kMinCentralEntryBytes) {
      session.problem(ProblemKind::corrupt, location, "archive declares more entries than it can hold");
      return nullptr;
    }
  }

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = source != nullptr ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (archive == nullptr) {
    if (source != nullptr) zip_source_free(source);
    session.problem(ProblemKind::corrupt, location,
                    std::string("not a readable ZIP archive: ") + zip_error_strerror(&error));
    zip_error_fini(&error);
    return nullptr;
  }
  zip_error_fini(&error);
  std::unique_ptr<ZipArchive> self(new ZipArchive());
  self->archive_ = archive;
  self->archive_bytes_ = bytes.size();

  const zip_int64_t count = zip_get_num_entries(archive, 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits.max_entries) {
    session.problem(ProblemKind::too_many_entries, location,
                    "archive holds more than " + std::to_string(limits.max_entries) + " entries");
    return nullptr;
  }
  self->entries_.reserve(static_cast<std::size_t>(count));
  std::uint64_t total = 0;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive, i, ZIP_FL_ENC_RAW, &st) != 0 || (st.valid & ZIP_STAT_NAME) == 0) {
      session.problem(ProblemKind::corrupt, location, "unreadable central directory entry " + std::to_string(i));
      continue;
    }
    ZipEntry e;
    e.index = i;
    e.name = st.name;
    e.size = (st.valid & ZIP_STAT_SIZE) != 0 ? st.size : 0;
    e.compressed_size = (st.valid & ZIP_STAT_COMP_SIZE) != 0 ? st.comp_size : 0;
    e.directory = !e.name.empty() && e.name.back() == '/';
    e.encrypted = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && st.encryption_method != ZIP_EM_NONE;
    e.method_supported =
        (st.valid & ZIP_STAT_COMP_METHOD) == 0 || zip_compression_method_supported(st.comp_method, 0) != 0;
    e.deflated = (st.valid & ZIP_STAT_COMP_METHOD) != 0 && st.comp_method == ZIP_CM_DEFLATE;
    e.has_crc = (st.valid & ZIP_STAT_CRC) != 0;
    e.crc = st.crc;
    e.bad_path = !is_safe_entry_name(e.name);
    total = e.size > UINT64_MAX - total ? UINT64_MAX : total + e.size;
    self->by_name_.emplace(lower_name(e.name), self->entries_.size());
    self->entries_.push_back(std::move(e));
  }
  const std::vector<bool> nul = cd ? names_with_nul(bytes, *cd) : std::vector<bool>();
  for (ZipEntry& e : self->entries_) {
    if (e.index < nul.size() && nul[static_cast<std::size_t>(e.index)]) e.bad_path = true;
  }
  const double ratio = static_cast<double>(total) / static_cast<double>(std::max<std::size_t>(bytes.size(), 1));
  if (total > kRatioGraceBytes && ratio > limits.max_ratio) {
    session.problem(ProblemKind::bomb, location,
                    "entries declare " + ratio_text(ratio) + " times the archive's size; the limit is " +
                        ratio_text(limits.max_ratio));
    return nullptr;
  }
  return self;
}

ZipArchive::~ZipArchive() {
  if (archive_ != nullptr) zip_discard(archive_);
}

const ZipEntry* ZipArchive::find(std::string_view name) const {
  const auto it = by_name_.find(lower_name(name));
  return it == by_name_.end() ? nullptr : &entries_[it->second];
}

std::optional<EntryData> ZipArchive::read(const ZipEntry& entry, Session& session, std::string_view location,
                                          std::size_t keep) {
  const ExtractLimits& limits = session.limits();
  if (entry.encrypted) {
    session.problem(ProblemKind::encrypted, location, "encrypted entry; not read");
    return std::nullopt;
  }
  if (!entry.method_supported) {
    session.problem(ProblemKind::unsupported, location, "compression method not supported");
    return std::nullopt;
  }
  if (entry.size > limits.max_input_bytes) {
    session.problem(ProblemKind::too_large, location,
                    "entry declares " + std::to_string(entry.size) + " bytes; the limit is " +
                        std::to_string(limits.max_input_bytes));
    return std::nullopt;
  }
  if (entry.size > kRatioGraceBytes) {
    const double ratio = entry.compressed_size == 0
                             ? limits.max_ratio + 1
                             : static_cast<double>(entry.size) / static_cast<double>(entry.compressed_size);
    if (ratio > limits.max_ratio) {
      session.problem(ProblemKind::bomb, location,
                      "entry expands " + ratio_text(ratio) + " times; the limit is " + ratio_text(limits.max_ratio));
      return std::nullopt;
    }
  }
  if (entry.size > session.inflate_left()) {
    session.problem(
        ProblemKind::too_large, location,
        "entry would take the bytes inflated for this attachment past " + std::to_string(limits.max_uncompressed));
    return std::nullopt;
  }
  if (session.out_of_time(location)) return std::nullopt;
  if (entry.deflated && entry.has_crc && keep >= entry.size) return inflate_whole(entry, session, location);

  const std::lock_guard lock(mu_);  // libzip's archive is not to be read by two threads at once
  zip_file_t* file = zip_fopen_index(archive_, entry.index, 0);
  if (file == nullptr) {
    session.problem(ProblemKind::corrupt, location,
                    std::string("entry cannot be opened: ") + zip_error_strerror(zip_get_error(archive_)));
    return std::nullopt;
  }
  const auto close = [&] { zip_fclose(file); };
  EntryData data;
  data.bytes.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(entry.size, keep)));
  for (;;) {
    if (session.out_of_time(location)) {
      close();
      return std::nullopt;
    }
    const std::size_t have = data.bytes.size();
    if (have >= keep) {
      data.cut = have < entry.size;
      break;
    }
    // One byte more than declared is asked for, so an entry that lies about its size shows it.
    const std::uint64_t room = entry.size - std::min<std::uint64_t>(have, entry.size) + 1;
    const std::size_t want = static_cast<std::size_t>(
        std::min<std::uint64_t>({kInflateChunkBytes, room, static_cast<std::uint64_t>(keep - have)}));
    data.bytes.resize(have + want);
    const zip_int64_t got = zip_fread(file, data.bytes.data() + have, want);
    if (got < 0) {
      session.problem(ProblemKind::corrupt, location,
                      std::string("entry cannot be inflated: ") + zip_error_strerror(zip_file_get_error(file)));
      close();
      return std::nullopt;
    }
    data.bytes.resize(have + static_cast<std::size_t>(got));
    session.charge_inflated(static_cast<std::uint64_t>(got));
    if (got == 0) break;
    if (data.bytes.size() > entry.size) {
      session.problem(ProblemKind::bomb, location, "entry inflates past its declared size");
      close();
      return std::nullopt;
    }
  }
  close();
  if (!data.cut && data.bytes.size() < entry.size) {
    session.problem(ProblemKind::corrupt, location, "entry is shorter than its declared size");
    return std::nullopt;
  }
  return data;
}

std::optional<EntryData> ZipArchive::inflate_whole(const ZipEntry& entry, Session& session, std::string_view location) {
  // The compressed bytes as stored (libzip finds them past the local header). The declared size
  // is checked against the archive's own before anything is allocated for it.
  if (entry.compressed_size > archive_bytes_) {
    session.problem(ProblemKind::corrupt, location, "entry declares more compressed bytes than the archive holds");
    return std::nullopt;
  }
  // The whole inflate budget of the entry is taken before anything is allocated for it.
  if (!session.reserve_inflated(entry.size)) {
    session.problem(ProblemKind::too_large, location,
                    "entry would take the bytes inflated for this attachment past " +
                        std::to_string(session.limits().max_uncompressed));
    return std::nullopt;
  }
  std::string packed(static_cast<std::size_t>(entry.compressed_size), '\0');
  {
    // Only the read of the stored bytes needs libzip (one thread at a time); the inflate does not.
    const std::lock_guard lock(mu_);
    zip_file_t* file = zip_fopen_index(archive_, entry.index, ZIP_FL_COMPRESSED);
    if (file == nullptr) {
      session.problem(ProblemKind::corrupt, location,
                      std::string("entry cannot be opened: ") + zip_error_strerror(zip_get_error(archive_)));
      return std::nullopt;
    }
    const zip_int64_t got = zip_fread(file, packed.data(), packed.size());
    const std::string read_error = got < 0 ? zip_error_strerror(zip_file_get_error(file)) : "";
    zip_fclose(file);
    if (got < 0 || static_cast<std::uint64_t>(got) != entry.compressed_size) {
      session.problem(ProblemKind::corrupt, location,
                      got < 0 ? "entry cannot be read: " + read_error : std::string("entry is cut short"));
      return std::nullopt;
    }
  }

  const std::unique_ptr<libdeflate_decompressor, decltype(&libdeflate_free_decompressor)> inflater(
      libdeflate_alloc_decompressor(), &libdeflate_free_decompressor);
  if (!inflater) {
    session.problem(ProblemKind::corrupt, location, "no memory to inflate the entry");
    return std::nullopt;
  }
  EntryData data;
  // The declared size was checked against the limits by read(); nothing is written past it.
  data.bytes.reserve(static_cast<std::size_t>(entry.size));
  advise_large_buffer(data.bytes.data(), static_cast<std::size_t>(entry.size));
  data.bytes.resize(static_cast<std::size_t>(entry.size));
  std::size_t produced = 0;
  const libdeflate_result r = libdeflate_deflate_decompress(inflater.get(), packed.data(), packed.size(),
                                                            data.bytes.data(), data.bytes.size(), &produced);
  if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
    session.problem(ProblemKind::bomb, location, "entry inflates past its declared size");
    return std::nullopt;
  }
  if (r != LIBDEFLATE_SUCCESS) {
    session.problem(ProblemKind::corrupt, location, "entry cannot be inflated: bad Deflate data");
    return std::nullopt;
  }
  if (produced < data.bytes.size()) {
    session.problem(ProblemKind::corrupt, location, "entry is shorter than its declared size");
    return std::nullopt;
  }
  if (libdeflate_crc32(0, data.bytes.data(), data.bytes.size()) != entry.crc) {
    session.problem(ProblemKind::corrupt, location, "entry's CRC-32 does not match its contents");
    return std::nullopt;
  }
  return data;
}

}  // namespace sg::extract

// A small ZIP writer for the Outlook app package (`sendguard outlook manifest --format json`):
// stored (uncompressed) entries with CRC-32, fixed 1980-01-01 timestamps so the same input gives
// the same bytes. engine/crypt's writer always encrypts, which the Microsoft 365 admin center
// cannot read; the package is four small files, so compression would buy nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace sg::outlook {

struct ZipMember {
  std::string name;  // ASCII, '/' separators, no leading '/'
  std::string_view bytes;
};

// The whole archive; entries in the given order. Sizes beyond classic ZIP's 4 GiB or 65,535
// entries are refused (too_large): the package never comes near them.
[[nodiscard]] Result<std::string> stored_zip(const std::vector<ZipMember>& members);

}  // namespace sg::outlook

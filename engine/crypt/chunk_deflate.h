// Deflate for the archive writer: the entry is cut into chunks that libdeflate compresses in
// parallel, and the pieces are joined into one raw deflate stream. A piece that is not the last
// loses the BFINAL bit of its last block and gains an empty stored block (what zlib's
// Z_SYNC_FLUSH writes), so the next piece starts on a byte boundary. Each chunk is compressed
// without the previous one's window, which costs well under 1% at 4 MiB (docs/encryption.md).
#pragma once

#include <cstddef>
#include <string>

#include "core/result.h"

namespace sg::crypt {

inline constexpr std::size_t kDeflateChunkBytes = 4u * 1024 * 1024;
inline constexpr int kMinDeflateLevel = 1;
inline constexpr int kMaxDeflateLevel = 12;
// libdeflate's level 7: within 5% of 7-Zip's deflate on text at several times its speed.
inline constexpr int kDefaultDeflateLevel = 7;

// A complete raw deflate stream of `data` (libdeflate at `level`); `final` keeps it final,
// otherwise it is turned into a piece another piece may follow.
[[nodiscard]] Result<std::string> deflate_piece(std::string_view data, int level, bool final);

// Turns a complete raw deflate stream into a non-final piece (see above). An error when `stream`
// is not a valid raw deflate stream.
[[nodiscard]] Status make_non_final(std::string& stream);

}  // namespace sg::crypt

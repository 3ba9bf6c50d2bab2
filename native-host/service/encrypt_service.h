// api.md "POST /v1/encrypt": a WinZip AES-256 archive of a checked draft's attachments (kept in
// memory from the check) or of attachments sent inline, with a generated password. Native
// messaging gets a big archive in chunks (`archive_chunk`) so no frame exceeds 1 MiB. The
// password is in the answer only: never logged, never on disk; the audit log records the archive.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/draft.h"
#include "core/result.h"
#include "policy/profile.h"
#include "service/audit_log.h"
#include "service/bounded_cache.h"

namespace sg {

class EncryptService {
 public:
  explicit EncryptService(AuditLog& audit);

  // After a check: keeps the attachments that carried content, for an encrypt by check_id.
  void keep_attachments(const std::string& check_id, std::vector<Attachment> attachments);

  // `inline_limit`: an archive up to this size comes back as content_base64; a bigger one is
  // kept and announced as archive_id + chunk_count (native messaging). HTTP passes SIZE_MAX.
  [[nodiscard]] Result<boost::json::object> encrypt(const boost::json::value& params, const Profile& profile,
                                                    std::size_t inline_limit);
  [[nodiscard]] Result<boost::json::object> archive_chunk(const boost::json::value& params);

 private:
  struct Kept {
    std::vector<Attachment> attachments;
  };
  struct Archive {
    std::string bytes;
  };
  AuditLog& audit_;
  BoundedCache<Kept> kept_;
  BoundedCache<Archive> archives_;
};

}  // namespace sg

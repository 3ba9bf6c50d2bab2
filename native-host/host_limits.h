// Every input limit of the host, named once and checked before anything is allocated for it.
#pragma once

#include <chrono>
#include <cstddef>

namespace sg::limits {

// A request body: a draft with its attachments inline as base64 (4/3 of kMaxTotalAttachmentBytes
// plus text) fits; anything larger is refused from its Content-Length or frame header.
inline constexpr std::size_t kMaxRequestBodyBytes = 96u * 1024 * 1024;
inline constexpr std::size_t kMaxHeaderBytes = 16u * 1024;
inline constexpr std::size_t kMaxJsonDepth = 32;
// A decision: ids, a typed reason and the final recipients (up to kMaxRecipients addresses).
inline constexpr std::size_t kMaxDecisionBytes = 4u * 1024 * 1024;
// A history import: up to kMaxImportMessages (service/history_import.h) message headers.
inline constexpr std::size_t kMaxImportBodyBytes = 32u * 1024 * 1024;

inline constexpr std::size_t kMaxRecipients = 10000;  // to + cc + bcc: a school's whole roll fits
inline constexpr std::size_t kMaxOriginalRecipients = 10000;
inline constexpr std::size_t kMaxAttachments = 100;
inline constexpr std::size_t kMaxAttachmentBytes = 32u * 1024 * 1024;       // decoded, each
inline constexpr std::size_t kMaxTotalAttachmentBytes = 64u * 1024 * 1024;  // decoded, all together
inline constexpr std::size_t kMaxAttachmentNameBytes = 1024;
inline constexpr std::size_t kMaxSubjectBytes = 16u * 1024;
inline constexpr std::size_t kMaxBodyBytes = 16u * 1024 * 1024;  // text and html, each
inline constexpr std::size_t kMaxShortStringBytes = 256;         // client name, version, locale

// Native messaging: extension-to-host frames up to the request limit; host-to-extension frames
// at most 1 MiB (what Chromium and Firefox accept).
inline constexpr std::size_t kMaxNativeInFrameBytes = kMaxRequestBodyBytes;
inline constexpr std::size_t kMaxNativeOutFrameBytes = 1024u * 1024;
// The envelope's "id" is echoed in every answer, so it must stay small whatever the frame size.
inline constexpr std::size_t kMaxNativeIdBytes = 256;

// Encryption (POST /v1/encrypt, native `encrypt` and `archive_chunk`). A checked draft's
// attachments are kept in memory this long for an encrypt by check_id, and finished archives for
// their chunks; both bounded in count and bytes, the oldest dropped first. Nothing goes to disk.
inline constexpr std::chrono::seconds kKeepSeconds{600};
inline constexpr std::size_t kMaxKeptChecks = 64;
inline constexpr std::size_t kMaxKeptAttachmentBytes = 256u * 1024 * 1024;
inline constexpr std::size_t kMaxKeptArchives = 64;
inline constexpr std::size_t kMaxKeptArchiveBytes = 256u * 1024 * 1024;
// Native messaging: an archive up to this size comes inline; a bigger one in chunks of this size
// (base64 of 512 KiB is 683 KiB, well inside a 1 MiB frame with its envelope).
inline constexpr std::size_t kArchiveChunkBytes = 512u * 1024;
// An archive holds at most the attachments of one draft, plus per-entry overhead.
inline constexpr std::size_t kMaxArchiveBytes = kMaxTotalAttachmentBytes + 4u * 1024 * 1024;

// HTTP sessions.
inline constexpr std::chrono::seconds kReadTimeout{30};   // TLS handshake, one request's header or body
inline constexpr std::chrono::seconds kIdleTimeout{60};   // a kept-alive connection waiting for its next request
inline constexpr std::chrono::seconds kWriteTimeout{30};  // one response, against a client that stops reading
// After refusing a request whose body was not read, unread bytes are drained this long before
// closing, so the kernel does not reset the connection and destroy the answer in flight.
inline constexpr std::chrono::seconds kLingerTimeout{2};
// A refused request's body up to this size is read and dropped so the connection stays usable;
// a larger one is not read at all and the connection closes after the answer.
inline constexpr std::size_t kMaxDiscardBytes = 64u * 1024;
inline constexpr std::chrono::seconds kShutdownGrace{10};
inline constexpr std::size_t kMaxConnections = 256;

}  // namespace sg::limits

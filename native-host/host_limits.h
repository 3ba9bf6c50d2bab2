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

// HTTP sessions.
inline constexpr std::chrono::seconds kReadTimeout{30};
inline constexpr std::chrono::seconds kIdleTimeout{60};
inline constexpr std::chrono::seconds kShutdownGrace{10};
inline constexpr std::size_t kMaxConnections = 256;

}  // namespace sg::limits

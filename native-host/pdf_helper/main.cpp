// sendguard-pdftext: reads a PDF on stdin and writes its text as UTF-8 on stdout, each page
// followed by a form feed, in a process that drops what it does not need before it parses.
// Exit codes and limits are in engine/extract/pdf_text.h; the host runs it with a timeout.
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extract/pdf_text.h"

namespace {

namespace ex = sg::extract;

#if defined(__SANITIZE_ADDRESS__)
#define SG_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SG_SANITIZED 1
#endif
#endif
#ifndef SG_SANITIZED
#define SG_SANITIZED 0
#endif

// Resource limits: generous for real documents, fatal for decompression bombs and loops.
constexpr rlim_t kMaxAddressSpace = rlim_t{1} << 30;  // 1 GiB (not under ASan: it reserves terabytes)
constexpr rlim_t kMaxCpuSeconds = 10;                 // SIGXCPU, then SIGKILL one second later
constexpr rlim_t kMaxOpenFiles = 16;                  // stdio plus what poppler opens for CMaps
constexpr std::size_t kReadChunk = 64 * 1024;

void set_limit(int resource, rlim_t soft, rlim_t hard) {
  const rlimit lim{soft, hard};
  (void)::setrlimit(resource, &lim);  // best effort: lowering a limit does not fail in practice
}

// System calls the helper never needs: network, new programs, debugging others, namespaces,
// kernel interfaces, and every call that changes the file system (it only reads files).
std::vector<long> denied_syscalls() {
  std::vector<long> nr = {
      SYS_socket,
      SYS_socketpair,
      SYS_connect,
      SYS_bind,
      SYS_listen,
      SYS_accept,
      SYS_accept4,
      SYS_execve,
      SYS_execveat,
      SYS_process_vm_readv,
      SYS_process_vm_writev,
      SYS_mount,
      SYS_umount2,
      SYS_pivot_root,
      SYS_chroot,
      SYS_setns,
      SYS_unshare,
      SYS_keyctl,
      SYS_add_key,
      SYS_request_key,
      SYS_bpf,
      SYS_perf_event_open,
      SYS_userfaultfd,
      SYS_kexec_load,
      SYS_init_module,
      SYS_finit_module,
      SYS_delete_module,
      SYS_io_uring_setup,
      SYS_openat2,  // its flags sit behind a pointer the filter cannot read
      SYS_unlinkat,
      SYS_renameat,
      SYS_renameat2,
      SYS_mkdirat,
      SYS_linkat,
      SYS_symlinkat,
      SYS_mknodat,
      SYS_fchmod,
      SYS_fchmodat,
      SYS_fchown,
      SYS_fchownat,
      SYS_truncate,
      SYS_ftruncate,
      SYS_utimensat,
  };
#if defined(__x86_64__)
  for (const long legacy : {SYS_creat, SYS_unlink, SYS_rename, SYS_mkdir, SYS_rmdir, SYS_link, SYS_symlink, SYS_mknod,
                            SYS_chmod, SYS_chown, SYS_lchown, SYS_utime, SYS_utimes, SYS_futimesat}) {
    nr.push_back(legacy);
  }
#endif
#if !SG_SANITIZED
  nr.push_back(SYS_ptrace);  // LeakSanitizer stops the world with ptrace at exit
#endif
  return nr;
}

// Kernel-enforced deny list (seccomp, no libseccomp): denied calls fail with EPERM; opens for
// writing, creating or truncating too. Unknown architectures get no filter rather than a wrong one.
void install_syscall_filter() {
#if defined(__x86_64__) || defined(__aarch64__)
#if defined(__x86_64__)
  constexpr std::uint32_t kArch = AUDIT_ARCH_X86_64;
#else
  constexpr std::uint32_t kArch = AUDIT_ARCH_AARCH64;
#endif
  constexpr std::uint32_t kWriteFlags = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;
  const auto op = [](unsigned code) { return static_cast<std::uint16_t>(code); };
  const auto u32 = [](std::size_t v) { return static_cast<std::uint32_t>(v); };
  // The low 32 bits of a 64-bit argument (both architectures are little-endian).
  const auto arg = [&](std::size_t i) { return u32(offsetof(seccomp_data, args) + i * sizeof(std::uint64_t)); };
  const sock_filter deny{op(BPF_RET | BPF_K), 0, 0, SECCOMP_RET_ERRNO | EPERM};
  const sock_filter allow{op(BPF_RET | BPF_K), 0, 0, SECCOMP_RET_ALLOW};
  const sock_filter load_nr{op(BPF_LD | BPF_W | BPF_ABS), 0, 0, u32(offsetof(seccomp_data, nr))};

  std::vector<sock_filter> prog;
  prog.push_back({op(BPF_LD | BPF_W | BPF_ABS), 0, 0, u32(offsetof(seccomp_data, arch))});
  prog.push_back({op(BPF_JMP | BPF_JEQ | BPF_K), 1, 0, kArch});
  prog.push_back({op(BPF_RET | BPF_K), 0, 0, SECCOMP_RET_KILL_PROCESS});
  prog.push_back(load_nr);
#if defined(__x86_64__)
  // x32 system calls are numbered from 0x40000000 and would slip past the list: refuse them all.
  prog.push_back({op(BPF_JMP | BPF_JGE | BPF_K), 0, 1, 0x40000000U});
  prog.push_back(deny);
#endif
  for (const long nr : denied_syscalls()) {
    prog.push_back({op(BPF_JMP | BPF_JEQ | BPF_K), 0, 1, static_cast<std::uint32_t>(nr)});
    prog.push_back(deny);
  }
  // open/openat: allowed for reading only. Each block ends in a return, so A holds nr after it.
  const auto read_only_open = [&](long nr, std::size_t flags_arg) {
    prog.push_back({op(BPF_JMP | BPF_JEQ | BPF_K), 0, 4, static_cast<std::uint32_t>(nr)});
    prog.push_back({op(BPF_LD | BPF_W | BPF_ABS), 0, 0, arg(flags_arg)});
    prog.push_back({op(BPF_JMP | BPF_JSET | BPF_K), 0, 1, kWriteFlags});
    prog.push_back(deny);
    prog.push_back(allow);
  };
  read_only_open(SYS_openat, 2);
#if defined(__x86_64__)
  read_only_open(SYS_open, 1);
#endif
  prog.push_back(allow);
  const sock_fprog fprog{static_cast<unsigned short>(prog.size()), prog.data()};
  (void)::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0);  // best effort
#endif
}

// Everything here is best effort: a kernel or container that refuses one step leaves the
// others (and the host's timeout) in place.
void drop_privileges() {
  // Descriptors the host failed to mark close-on-exec end here; 0-2 are ours.
  (void)::syscall(SYS_close_range, 3U, ~0U, 0U);
  // Writing to files is refused by RLIMIT_FSIZE below; let that be EFBIG, not a fatal signal.
  (void)::signal(SIGXFSZ, SIG_IGN);
  set_limit(RLIMIT_CORE, 0, 0);
  set_limit(RLIMIT_FSIZE, 0, 0);
  set_limit(RLIMIT_NOFILE, kMaxOpenFiles, kMaxOpenFiles);
  set_limit(RLIMIT_CPU, kMaxCpuSeconds, kMaxCpuSeconds + 1);
#if !SG_SANITIZED
  set_limit(RLIMIT_AS, kMaxAddressSpace, kMaxAddressSpace);
  set_limit(RLIMIT_NPROC, 0, 0);  // no forks, no threads (LeakSanitizer needs one)
#endif
  (void)::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  // A fresh user and network namespace: no interfaces at all, not even loopback.
  (void)::unshare(CLONE_NEWUSER | CLONE_NEWNET);
  install_syscall_filter();
}

void drop_poppler_message(const std::string& /*message*/, void* /*closure*/) {
  // Poppler's messages can quote the document; none of it may reach a log.
}

// Reads all of stdin; too_large as soon as it passes the limit, without buffering the excess.
int read_input(std::string& data) {
  std::array<char, kReadChunk> buf{};
  for (;;) {
    const ssize_t got = ::read(STDIN_FILENO, buf.data(), buf.size());
    if (got == 0) return ex::pdf_exit::ok;
    if (got < 0) {
      if (errno == EINTR) continue;
      return ex::pdf_exit::failure;
    }
    if (data.size() + static_cast<std::size_t>(got) > ex::kMaxPdfInputBytes) return ex::pdf_exit::too_large;
    data.append(buf.data(), static_cast<std::size_t>(got));
  }
}

bool write_all(std::string_view s) {
  while (!s.empty()) {
    const ssize_t n = ::write(STDOUT_FILENO, s.data(), s.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    s.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// The longest prefix of at most `limit` bytes that does not split a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t limit) {
  if (s.size() <= limit) return s;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

int extract(const std::string& data) {
  const std::string_view bytes(data);
  const std::size_t magic = bytes.substr(0, ex::kPdfHeaderWindow + 5).find("%PDF-");
  if (magic == std::string_view::npos || magic >= ex::kPdfHeaderWindow) return ex::pdf_exit::unreadable;

  poppler::set_debug_error_function(drop_poppler_message, nullptr);
  const std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(data.data(), static_cast<int>(data.size())));
  if (!doc) return ex::pdf_exit::unreadable;
  if (doc->is_locked()) return ex::pdf_exit::encrypted;

  const int pages = std::max(doc->pages(), 0);
  const std::size_t count = std::min(static_cast<std::size_t>(pages), ex::kMaxPdfPages);
  std::size_t written = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::string text;
    if (const std::unique_ptr<poppler::page> page(doc->create_page(static_cast<int>(i))); page) {
      const poppler::byte_array utf8 =
          page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
      text.assign(utf8.begin(), utf8.end());
      std::replace(text.begin(), text.end(), ex::kPdfPageSeparator, ' ');
    }
    text += ex::kPdfPageSeparator;
    const std::size_t room = ex::kMaxPdfTextBytes - written;
    if (text.size() > room) {
      return write_all(utf8_prefix(text, room)) ? ex::pdf_exit::truncated : ex::pdf_exit::failure;
    }
    if (!write_all(text)) return ex::pdf_exit::failure;
    written += text.size();
  }
  return count < static_cast<std::size_t>(pages) ? ex::pdf_exit::truncated : ex::pdf_exit::ok;
}

}  // namespace

int main() {
  drop_privileges();
  try {
    std::string data;
    if (const int rc = read_input(data); rc != ex::pdf_exit::ok) return rc;
    return extract(data);
  } catch (const std::exception&) {
    return ex::pdf_exit::failure;  // e.g. std::bad_alloc at the address-space limit
  }
}

// A small in-memory cache bounded in entries, bytes and age: what the host keeps between two
// requests of one send (a checked draft's attachments, a finished archive). The oldest entry is
// dropped first; an entry bigger than the whole budget is not kept at all. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace sg {

template <class T>
class BoundedCache {
 public:
  using Clock = std::chrono::steady_clock;

  BoundedCache(std::size_t max_entries, std::size_t max_bytes, Clock::duration ttl)
      : max_entries_(max_entries), max_bytes_(max_bytes), ttl_(ttl) {}

  // Keeps `value` (of `bytes`) under `key`, replacing an entry of that key; false when it is
  // bigger than the whole budget.
  bool put(const std::string& key, std::shared_ptr<const T> value, std::size_t bytes,
           Clock::time_point now = Clock::now()) {
    std::lock_guard lock(mu_);
    erase_locked(key);
    if (bytes > max_bytes_ || max_entries_ == 0) return false;
    expire_locked(now);
    while (!entries_.empty() && (entries_.size() >= max_entries_ || total_ + bytes > max_bytes_)) pop_front_locked();
    entries_.push_back({key, std::move(value), bytes, now + ttl_});
    total_ += bytes;
    return true;
  }

  // The entry under `key`, or nullptr when there is none or it has expired.
  [[nodiscard]] std::shared_ptr<const T> get(const std::string& key, Clock::time_point now = Clock::now()) {
    std::lock_guard lock(mu_);
    expire_locked(now);
    for (const Entry& e : entries_) {
      if (e.key == key) return e.value;
    }
    return nullptr;
  }

  [[nodiscard]] std::size_t bytes() const {
    std::lock_guard lock(mu_);
    return total_;
  }

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const T> value;
    std::size_t bytes;
    Clock::time_point expires;
  };

  void pop_front_locked() {
    total_ -= entries_.front().bytes;
    entries_.pop_front();
  }
  void expire_locked(Clock::time_point now) {
    // Entries are in insertion order and share one ttl, so the expired ones are at the front.
    while (!entries_.empty() && entries_.front().expires <= now) pop_front_locked();
  }
  void erase_locked(const std::string& key) {
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->key == key) {
        total_ -= it->bytes;
        entries_.erase(it);
        return;
      }
    }
  }

  const std::size_t max_entries_;
  const std::size_t max_bytes_;
  const Clock::duration ttl_;
  mutable std::mutex mu_;
  std::deque<Entry> entries_;
  std::size_t total_ = 0;
};

}  // namespace sg

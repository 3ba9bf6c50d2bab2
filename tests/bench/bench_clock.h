// The clocks the benchmarks read: CPU time of the whole process (all its threads: per core) and
// monotonic wall time, in seconds.
#pragma once

#include <time.h>  // clock_gettime

namespace sg::bench {

inline double seconds_of(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

inline double cpu_seconds() {
  return seconds_of(CLOCK_PROCESS_CPUTIME_ID);
}

inline double wall_seconds() {
  return seconds_of(CLOCK_MONOTONIC);
}

}  // namespace sg::bench

#include "cli/startup.hpp"

#include <unistd.h>

#include <cstdlib>

namespace golive::cli {

void reexec_with_malloc_tunables(char** argv) {
  if (std::getenv("GLIBC_TUNABLES") != nullptr) return;  // the user's choice, or already done
  if (setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 0) != 0) return;
  execv("/proc/self/exe", argv);
  // exec failed (no /proc, say): carry on in this process, untuned.
}

}  // namespace golive::cli

#pragma once
// Process start-up tuning.

namespace golive::cli {

// Large snapshots build a tree of many small JSON nodes (10,000 Kubernetes
// objects take ~130 MB). On virtual machines — CI runners, cloud shells — the
// first touch of each 4 KiB heap page is an expensive fault: measured here,
// 43,500 faults made up half of a 0.9 s evaluation. glibc can back its heap
// with transparent huge pages (tunable glibc.malloc.hugetlb=1: 3,900 faults,
// 0.45 s), but reads tunables only when a process starts, so golive re-executes
// itself once with the tunable set. A GLIBC_TUNABLES already in the
// environment is respected (and so is turning this off by setting it empty).
void reexec_with_malloc_tunables(char** argv);

}  // namespace golive::cli

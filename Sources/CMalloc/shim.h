// workos-emulator: glibc's malloc tuning (mallopt), which the Glibc module does not export.
#ifndef CMALLOC_SHIM_H
#define CMALLOC_SHIM_H
#include <malloc.h>

/// mallopt(M_MMAP_THRESHOLD, bytes): allocations of at least `bytes` are mmapped and returned on free, and the
/// threshold no longer rises with the blocks freed (https://man7.org/linux/man-pages/man3/mallopt.3.html).
static inline int cmalloc_set_mmap_threshold(int bytes) {
    return mallopt(M_MMAP_THRESHOLD, bytes);
}

#endif

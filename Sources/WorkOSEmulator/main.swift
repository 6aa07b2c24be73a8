// workos-emulator — entry point; everything else lives in WorkOSAPI.
// Licensed MIT.

import CMalloc
import WorkOSAPI

// Allocations of 1 MiB and more (scrypt's 4 MiB work area, once per password hashed or checked) come straight from
// mmap and go back to the system when freed. glibc's default threshold rises to the size of the largest block freed
// so far, after which every thread's arena keeps its own 4 MiB blocks: RSS grew 4.5 MB/min over a 10-minute soak
// with sign-ins, and stayed flat with this setting (Tests/Reliability/README.md, "Soak"; `man 3 mallopt`).
_ = cmalloc_set_mmap_threshold(1 << 20)

await EmulatorCommand.runFromCommandLine()

// workos-emulator: the SQLite C API as one module (https://sqlite.org/c3ref/intro.html).
#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot import:
/// "SQLite makes its own private copy of the data immediately" (https://sqlite.org/c3ref/bind_blob.html).
static inline sqlite3_destructor_type csqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

/// sqlite3_config is variadic, which Swift cannot call. Memory statistics take a process-wide mutex around every
/// SQLite malloc and free (https://sqlite.org/c3ref/c_config_covering_index_scan.html#sqliteconfigmemstatus);
/// nothing here reads them. Must run before SQLite initializes; later it answers SQLITE_MISUSE and changes nothing.
static inline int csqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif

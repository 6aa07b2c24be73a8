// workos-emulator: the SQLite C API as one module (https://sqlite.org/c3ref/intro.html).
#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot import:
/// "SQLite makes its own private copy of the data immediately" (https://sqlite.org/c3ref/bind_blob.html).
static inline sqlite3_destructor_type csqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

#endif

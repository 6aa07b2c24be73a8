// workos-emulator: the SQLite C API as one module (https://sqlite.org/c3ref/intro.html).
#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
#include <sqlite3.h>
#endif

// workos-emulator: SQLite store.
// Scalar SQL functions written in Swift (https://sqlite.org/c3ref/create_function.html), so that a migration can
// compute what SQL cannot, such as the SHA-256 of a stored secret.

import CSQLite

/// A registered function's body, kept alive by SQLite (through `sqlite3_create_function_v2`'s user data) until the
/// connection closes or the name is registered again.
private final class FunctionBody {
    let body: ([SQLValue]) throws -> SQLValue

    init(_ body: @escaping ([SQLValue]) throws -> SQLValue) {
        self.body = body
    }
}

extension Connection {
    /// Registers a deterministic scalar function `name(argument, …)` taking exactly `argumentCount` arguments.
    ///
    /// The body gets the arguments as SQLite passed them and returns the result; a thrown error becomes the
    /// statement's error, with the error's description as message. Registering a name again replaces the function.
    public func createFunction(
        _ name: String,
        argumentCount: Int,
        _ body: @escaping ([SQLValue]) throws -> SQLValue
    ) throws {
        let handle = try self.openHandle()
        let userData = Unmanaged.passRetained(FunctionBody(body)).toOpaque()
        // SQLITE_DETERMINISTIC: same arguments, same result, so SQLite may factor calls out
        // (https://sqlite.org/deterministic.html).
        let resultCode = sqlite3_create_function_v2(
            handle, name, Int32(argumentCount), SQLITE_UTF8 | SQLITE_DETERMINISTIC, userData,
            { context, count, values in
                guard let context else { return }
                let function = Unmanaged<FunctionBody>.fromOpaque(sqlite3_user_data(context)).takeUnretainedValue()
                let arguments = (0..<Int(count)).map { index in Connection.value(of: values?[index]) }
                do {
                    Connection.setResult(try function.body(arguments), of: context)
                } catch {
                    sqlite3_result_error(context, "\(error)", -1)
                }
            },
            nil, nil,
            // "The destructor is also invoked if the call to sqlite3_create_function_v2() fails", so a failed
            // registration does not leak the body.
            { userData in
                guard let userData else { return }
                Unmanaged<FunctionBody>.fromOpaque(userData).release()
            }
        )
        guard resultCode == SQLITE_OK else {
            throw SQLiteError.make(connection: handle, resultCode: resultCode, sql: nil)
        }
    }

    /// One argument of a function call as a `SQLValue` (https://sqlite.org/c3ref/value_blob.html).
    private static func value(of value: OpaquePointer?) -> SQLValue {
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_value_int64(value))
        case SQLITE_FLOAT:
            return .real(sqlite3_value_double(value))
        case SQLITE_TEXT:
            // Text first, then its length, as for columns.
            guard let text = sqlite3_value_text(value) else { return .text("") }
            let count = Int(sqlite3_value_bytes(value))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let blob = sqlite3_value_blob(value) else { return .blob([]) }
            let count = Int(sqlite3_value_bytes(value))
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            return .null
        }
    }

    /// Sets a function call's result; SQLite copies text and blobs at once (SQLITE_TRANSIENT).
    private static func setResult(_ result: SQLValue, of context: OpaquePointer) {
        switch result {
        case .null:
            sqlite3_result_null(context)
        case .integer(let integer):
            sqlite3_result_int64(context, integer)
        case .real(let real):
            sqlite3_result_double(context, real)
        case .text(var text):
            text.withUTF8 { bytes in
                guard let base = bytes.baseAddress, bytes.count > 0 else {
                    sqlite3_result_text(context, "", 0, csqlite_transient())
                    return
                }
                base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { characters in
                    sqlite3_result_text64(
                        context, characters, sqlite3_uint64(bytes.count), csqlite_transient(), UInt8(SQLITE_UTF8)
                    )
                }
            }
        case .blob(let blob):
            blob.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress {
                    sqlite3_result_blob64(context, base, sqlite3_uint64(bytes.count), csqlite_transient())
                } else {
                    sqlite3_result_zeroblob(context, 0)
                }
            }
        }
    }
}

// workos-emulator — error codes of Directory Sync (catalog-B §3).
// Licensed MIT.

extension APIErrorCode {
    /// 429 on `POST /directories/{id}/sync`: a manual sync was requested less than five minutes ago (catalog-B §3;
    /// the body also carries `retry_after_seconds`).
    public static let directorySyncRateLimited = APIErrorCode(rawValue: "directory_sync_rate_limited")
}

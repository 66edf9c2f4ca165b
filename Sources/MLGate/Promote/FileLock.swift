import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on a file (`flock`), held for the duration of a closure.
/// Locks taken through different opens of the file exclude each other, within one
/// process as across processes.
enum FileLock {
    /// Runs `body` while holding the lock on `url` (created if missing).
    static func withLock<T>(_ url: URL, exclusive: Bool = true, _ body: () throws(PromotionError) -> T) throws(PromotionError) -> T {
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PromotionError(.registry, "\(url.path): cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            guard errno == EINTR else {
                throw PromotionError(.registry, "\(url.path): cannot lock: \(String(cString: strerror(errno)))")
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock(2)` on a lock file, the same lock Python's `filelock` (and so huggingface_hub)
/// takes on `.locks/models--org--name/<etag>.lock`: two processes, in either language, never download
/// the same blob at once.
enum FileLock {
    /// Runs `body` while holding the lock on `url` (created, mode 0664, when absent), waiting for it;
    /// `waiting` is called once first when another process holds it.
    static func withLock<T>(at url: URL, waiting: () -> Void = {}, _ body: () throws -> T) throws -> T {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(url.path, O_RDWR | O_CREAT, 0o664)
        guard descriptor >= 0 else {
            throw HubError.fileSystem(path: url.path, reason: String(cString: strerror(errno)))
        }
        defer {
            _ = flock(descriptor, LOCK_UN)
            #if canImport(Glibc)
            _ = Glibc.close(descriptor)
            #else
            _ = Darwin.close(descriptor)
            #endif
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 { waiting() }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw HubError.fileSystem(path: url.path, reason: String(cString: strerror(errno)))
            }
        }
        return try body()
    }
}

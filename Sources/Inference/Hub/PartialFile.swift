import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blob being downloaded: `blobs/<etag>.incomplete`, opened for appending so that a dropped
/// connection leaves the bytes that arrived for the next attempt to continue from.
final class PartialFile: @unchecked Sendable {
    /// Bytes in the file so far.
    private(set) var offset: Int64
    /// Whether the server ignored a `Range` request and the file was started over.
    var restarted = false
    private let descriptor: Int32
    private let url: URL
    private let path: String

    /// Opens (creating it when absent) the file at `url`; `path` names the model file in errors.
    init(url: URL, path: String) throws {
        self.url = url
        self.path = path
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else {
            throw HubError.fileSystem(path: url.path, reason: String(cString: strerror(errno)))
        }
        offset = Int64(lseek(descriptor, 0, SEEK_END))
    }

    /// Appends `data`; a full disk throws `HubError.diskFull`.
    func append(_ data: Data) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard var base = buffer.baseAddress else { return }
            var left = buffer.count
            while left > 0 {
                let written = write(descriptor, base, left)
                if written < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    if code == ENOSPC || code == EDQUOT {
                        throw HubError.diskFull(path: url.deletingLastPathComponent().path, needed: Int64(left), available: 0)
                    }
                    throw HubError.fileSystem(path: url.path, reason: String(cString: strerror(code)))
                }
                left -= written
                base += written
                offset += Int64(written)
            }
        }
    }

    /// Empties the file (the server sent the whole file instead of the requested range).
    func truncate() throws {
        guard ftruncate(descriptor, 0) == 0 else {
            throw HubError.fileSystem(path: url.path, reason: String(cString: strerror(errno)))
        }
        offset = 0
    }

    /// Flushes to disk and closes.
    func close() {
        _ = fsync(descriptor)
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }
}

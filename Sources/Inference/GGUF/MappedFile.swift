import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only file mapped into memory with `mmap`; the mapping lives as long as this object.
///
/// Weight files are large (tens to hundreds of megabytes): mapping them lets the kernel page in
/// only what a model touches, and lets several models share pages.
public final class MappedFile: @unchecked Sendable {
    /// The file's path, for error messages.
    public let path: String
    /// The whole file's bytes. Valid while this object lives; never written.
    public let bytes: UnsafeRawBufferPointer
    /// Whether `bytes` came from `mmap` (else from `allocate`).
    private let isMapped: Bool

    /// Maps the file at `path`.
    /// - Throws: `GGUFError` when the file cannot be opened, is empty, or cannot be mapped.
    public init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw GGUFError(file: path, offset: nil,
                            message: "cannot open the file (\(String(cString: strerror(errno))))",
                            fix: "check that the path exists and is readable")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw GGUFError(file: path, offset: nil, message: "cannot read the file's size",
                            fix: "check that the path names a regular file")
        }
        let size = Int(status.st_size)
        guard size > 0 else {
            throw GGUFError(file: path, offset: 0, message: "the file is empty",
                            fix: "download the model again")
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw GGUFError(file: path, offset: nil,
                            message: "cannot map the file into memory (\(String(cString: strerror(errno))))",
                            fix: "check free address space and that the path names a regular file")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
        isMapped = true
    }

    /// Holds a copy of `contents` in memory under the name `label` (for tests and in-memory files).
    public init(copying contents: [UInt8], label: String) {
        path = label
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(contents.count, 1), alignment: 64)
        contents.withUnsafeBytes { source in
            if let base = source.baseAddress { buffer.baseAddress?.copyMemory(from: base, byteCount: source.count) }
        }
        bytes = UnsafeRawBufferPointer(start: buffer.baseAddress, count: contents.count)
        isMapped = false
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }
}

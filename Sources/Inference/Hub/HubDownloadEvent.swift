/// What a pull reports while it runs, for a progress bar or log lines.
public enum HubDownloadEvent: Sendable, Equatable {
    /// The Hub listed the model: the files that will be fetched, in order.
    case listed(id: String, commit: String, files: [String])
    /// A file is already in the cache; nothing is downloaded.
    case cached(file: String, bytes: Int64)
    /// Another process (labrun or Python) is downloading the same file; this pull waits for it.
    case waiting(file: String)
    /// A download starts (or continues from `resumedFrom` bytes of a partial file).
    case started(file: String, bytes: Int64?, resumedFrom: Int64)
    /// Bytes of the file received so far.
    case received(file: String, bytes: Int64, of: Int64?)
    /// The connection dropped; the download continues from `after` bytes.
    case retrying(file: String, after: Int64)
    /// The file is checked and in the cache.
    case finished(file: String, bytes: Int64)
}

/// Receives `HubDownloadEvent`s; called on the pulling thread.
public typealias HubProgress = @Sendable (HubDownloadEvent) -> Void

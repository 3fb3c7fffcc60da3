import Foundation

/// The lab, quiz and answer-key files to check together, read from files and folders.
///
/// A Markdown file's kind comes from the folder it is in: `Quizzes/` holds quizzes, `Solutions/`
/// answer keys, anything else labs. Folders are searched recursively for `*.md` files (`README.md`
/// is skipped).
public struct LabFileSet: Sendable {
    /// A file of the set with its URL (for resolving relative links).
    public struct Entry<Content: Sendable>: Sendable {
        /// Where the file is.
        public let url: URL
        /// What it parsed into.
        public let content: Content
    }

    /// The labs, in path order.
    public private(set) var labs: [Entry<Lab>] = []
    /// The quizzes, in path order.
    public private(set) var quizzes: [Entry<Quiz>] = []
    /// The answer keys, in path order.
    public private(set) var answerKeys: [Entry<AnswerKey>] = []
    /// Files that could not be read, or paths that do not exist.
    public private(set) var unreadable: [Diagnostic] = []

    /// The folders `labrun check` reads when given no paths.
    public static let defaultFolders = ["Labs", "Quizzes", "Solutions"]

    /// An empty set.
    public init() {}

    /// Reads every Markdown file at `paths` (files or folders), relative to `directory`.
    /// Paths print in diagnostics as given (a folder's files as `folder/name.md`).
    public init(paths: [String], relativeTo directory: URL) {
        for path in paths {
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                unreadable.append(.error("no such file or folder; check the path", file: path, at: .start, rule: "file"))
                continue
            }
            if isDirectory.boolValue {
                for (file, display) in Self.markdownFiles(in: url, display: path) { add(file, display: display) }
            } else {
                add(url, display: path)
            }
        }
        addCompanions()
    }

    /// Adds the quiz and answer key that the set's labs and quizzes name (`quiz: x` →
    /// `../Quizzes/x.md`, `../Solutions/x.md` next to the lab's folder) when they exist and are
    /// not in the set yet, so checking one lab also checks it against its key.
    public mutating func addCompanions() {
        var present = Set((labs.map(\.url) + quizzes.map(\.url) + answerKeys.map(\.url)).map { $0.standardizedFileURL.path })
        var wanted: [(URL, String)] = []
        for entry in labs {
            guard let quiz = entry.content.frontMatter.quiz else { continue }
            wanted.append((entry.url, quiz))
        }
        for entry in quizzes { wanted.append((entry.url, entry.content.id)) }
        for (url, quiz) in wanted {
            let root = url.deletingLastPathComponent().deletingLastPathComponent()
            let displayRoot = Self.displayRoot(of: url)
            for folder in ["Quizzes", "Solutions"] {
                let candidate = root.appendingPathComponent(folder).appendingPathComponent(quiz + ".md")
                let path = candidate.standardizedFileURL.path
                guard !present.contains(path), FileManager.default.fileExists(atPath: path) else { continue }
                present.insert(path)
                add(candidate, display: displayRoot + folder + "/" + quiz + ".md")
            }
        }
    }

    /// The display prefix of the folder above `url`'s folder (`""` for `Labs/x.md`).
    private static func displayRoot(of url: URL) -> String {
        let current = FileManager.default.currentDirectoryPath
        let root = url.deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL.path
        if root == current { return "" }
        if root.hasPrefix(current + "/") { return String(root.dropFirst(current.count + 1)) + "/" }
        return root + "/"
    }

    /// Adds one file, parsed as the kind its folder names.
    public mutating func add(_ url: URL, display: String) {
        let folders = url.deletingLastPathComponent().pathComponents.map { $0.lowercased() }
        do {
            if folders.last == "quizzes" {
                quizzes.append(Entry(url: url, content: try Quiz(contentsOf: url, displayPath: display)))
            } else if folders.last == "solutions" {
                answerKeys.append(Entry(url: url, content: try AnswerKey(contentsOf: url, displayPath: display)))
            } else {
                labs.append(Entry(url: url, content: try Lab(contentsOf: url, displayPath: display)))
            }
        } catch {
            unreadable.append(.error(error.description, file: display, at: .start, rule: "file"))
        }
    }

    /// The number of files read.
    public var count: Int { labs.count + quizzes.count + answerKeys.count }

    /// `*.md` files under `folder`, sorted, with display paths under `display`.
    static func markdownFiles(in folder: URL, display: String) -> [(URL, String)] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else { return [] }
        let base = folder.standardizedFileURL.path
        var found: [(URL, String)] = []
        for case let url as URL in enumerator {
            guard url.pathExtension.lowercased() == "md", url.lastPathComponent.lowercased() != "readme.md",
                  (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            var relative = url.standardizedFileURL.path
            if relative.hasPrefix(base + "/") { relative.removeFirst(base.count + 1) }
            let prefix = display.hasSuffix("/") ? String(display.dropLast()) : display
            found.append((url, prefix == "." ? relative : prefix + "/" + relative))
        }
        return found.sorted { $0.1 < $1.1 }
    }
}

import Foundation

/// Where set-up installs the bundled models (`scripts/install-models.sh`: `$LABRUN_HOME/models`,
/// else `~/.local/share/labrun/models`). The engine is handed a models folder and never reads
/// `LABRUN_HOME` itself; the tests that run the real models find them here.
enum BundledModels {
    static var folder: URL {
        let environment = ProcessInfo.processInfo.environment
        if let home = environment["LABRUN_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent("models", isDirectory: true)
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/labrun/models", isDirectory: true)
    }
}

import ArgumentParser
import Foundation
import LabRun

/// Runs a command's use case: an error is printed as `labrun: error: <message>` and ends the
/// command with its exit status (2 for a usage mistake, 1 otherwise); a non-zero status the use
/// case returns becomes the command's exit status.
func execute(_ body: () async throws -> Int32) async throws {
    let status: Int32
    do {
        status = try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        let message = "\(error)"
        if !message.isEmpty { ConsoleStream.standardError.write("labrun: error: \(message)\n") }
        throw ExitCode(CommandFailure.exitStatus(of: error))
    }
    if status != 0 { throw ExitCode(status) }
}

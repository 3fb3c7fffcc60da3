import ArgumentParser
import LabRun

/// `labrun start <lab>`: makes a lab the current one, so `labrun step N` needs no `--lab`.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a lab: remember it as the current lab and show how to begin.",
        discussion: """
            The current lab is kept in $LABRUN_HOME/current-lab (default ~/.local/share/labrun).

            Example:
              labrun start ml-bias && labrun step 1
            """
    )

    @OptionGroup var labs: LabFolderOptions

    @Argument(help: "The lab's id or file path.")
    var lab: String

    func run() async throws {
        try await execute {
            let started = try LabStart(lab, in: labs.choice)
            try CommandOutput.print(started, json: false)
            started.offerToPullMissingModels(state: labs.choice.state)
            return 0
        }
    }
}

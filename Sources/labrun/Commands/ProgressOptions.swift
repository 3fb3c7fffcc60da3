import ArgumentParser

/// The options every progress command shares: which database.
struct ProgressOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The progress database: postgres://user:password@host:5432/db, sqlite:///path, or a file path.",
        discussion: "Default: $LABRUN_DATABASE_URL, else $LABRUN_HOME/progress.sqlite.",
        valueName: "url"))
    var database: String?
}

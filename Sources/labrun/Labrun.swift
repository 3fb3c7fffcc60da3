import ArgumentParser
import LabRun

/// The `labrun` command: a workshop lab runner for hands-on courses on bias in language models.
@main
struct Labrun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labrun",
        abstract: "Run hands-on lab steps, quizzes and bias experiments in your terminal.",
        discussion: """
            Labs are Markdown files in ./Labs (or --labs DIR, or $LABRUN_LABS). Their Python-looking \
            code runs on labrun's built-in inference engine: no Python needed.

            Examples:
              labrun models list            the models on this machine
              labrun login ada              record your work as "ada"
              labrun progress               your labs, steps and quiz scores
              labrun progress --class       the whole class (instructors)
              labrun quiz generative-bias   take a quiz
              labrun grade generative-bias answers.csv
                                            grade a class, with item analysis
            """,
        version: LabRunVersion.current,
        subcommands: [
            ModelsCommand.self,
            LoginCommand.self,
            WhoamiCommand.self,
            ProgressCommand.self,
            ExportCommand.self,
            ResetCommand.self,
            QuizCommand.self,
            GradeCommand.self,
        ]
    )
}

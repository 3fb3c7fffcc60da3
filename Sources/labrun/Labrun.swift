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
              labrun list                   the labs in ./Labs
              labrun start ml-bias          make ml-bias the current lab
              labrun step 2                 show step 2 of the current lab and run its code
              labrun next                   run the step after the last one you ran
              labrun edit 4                 write your own code for exercise step 4
              labrun submit 4               check your exercise against the lab's checks
              labrun hint 4                 the next hint of step 4
              labrun check                  check Labs/, Quizzes/ and Solutions/
              labrun models list            the models on this machine
              labrun exec scratch.py        run a LabScript file
              labrun login ada              record your work as "ada"
              labrun progress               your labs, steps and quiz scores
              labrun progress --class       the whole class (instructors)
              labrun quiz generative-bias   take a quiz
              labrun grade generative-bias answers.csv
                                            grade a class, with item analysis
            """,
        version: LabRunVersion.current,
        subcommands: [
            ListCommand.self,
            ShowCommand.self,
            StartCommand.self,
            StepCommand.self,
            NextCommand.self,
            RunCommand.self,
            EditCommand.self,
            SubmitCommand.self,
            HintCommand.self,
            SolutionCommand.self,
            ExplainCommand.self,
            CheckCommand.self,
            ModelsCommand.self,
            ExecCommand.self,
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

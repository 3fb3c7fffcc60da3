import ArgumentParser
import Foundation
import LabRun

/// `labrun models …`: the models on this machine, and fetching more from the Hugging Face Hub.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List, pull, locate and remove the models labrun runs.",
        discussion: """
            A model is found, in order: as a folder path; in labrun's models folder \
            ($LABRUN_HOME/models, default ~/.local/share/labrun/models, where set-up installs the \
            bundled models); in the Hugging Face cache shared with Python ($HF_HUB_CACHE, else \
            $HF_HOME/hub, else ~/.cache/huggingface/hub). `pull` downloads into that cache from \
            $HF_ENDPOINT (default https://huggingface.co), with HF_TOKEN for gated models. \
            HF_HUB_OFFLINE=1 never touches the network.

            Examples:
              labrun models list
              labrun models pull bert-base-uncased
              labrun models path openai-community/gpt2
              labrun models rm openai-community/gpt2 --hf-cache --yes
            """,
        subcommands: [List.self, Pull.self, Path.self, Remove.self],
        defaultSubcommand: List.self
    )

    /// Prints `error` the way every labrun error prints and exits: 2 for a bad id or path (usage), 1 otherwise.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the models on this machine: labrun's models folder and the Hugging Face cache.",
            discussion: """
                WHERE is `labrun` ($LABRUN_HOME/models, where set-up installs the bundled models) or \
                `hf-cache` (the Hugging Face cache, shared with Python's huggingface_hub). ARCH is \
                config.json's model_type, or general.architecture of a GGUF file.

                Example:
                  labrun models list --json
                """
        )

        @Flag(help: "Print JSON for scripts instead of a table.")
        var json = false

        func run() async throws {
            try await execute { try CommandOutput.print(ModelLibrary().list(), json: json) }
        }
    }

    /// `labrun models pull`.
    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download models into the Hugging Face cache for offline use.",
            discussion: """
                Fetches config, tokenizer and weight files (model.safetensors, sharded safetensors, or \
                the GGUF file given with --gguf). An interrupted download resumes where it stopped on \
                the next pull; every large file is checked against the SHA-256 the Hub reports. A model \
                already in labrun's models folder is not downloaded again.

                Examples:
                  labrun models pull bert-base-uncased openai-community/gpt2
                  labrun models pull HuggingFaceTB/SmolLM2-135M-Instruct-GGUF --gguf smollm2-135m-instruct-q8_0.gguf
                """
        )

        @Argument(help: "Model ids (org/name; legacy ids such as gpt2 are accepted).")
        var ids: [String]

        @Option(help: "Branch, tag or commit to download.")
        var revision = "main"

        @Option(help: ArgumentHelp("A GGUF file of the repository to download instead of safetensors weights.", valueName: "file"))
        var gguf: String?

        @Flag(help: "Print JSON for scripts (the folder of each model).")
        var json = false

        func validate() throws {
            if ids.isEmpty { throw ValidationError("Name at least one model id, e.g. `labrun models pull openai-community/gpt2`.") }
            if gguf != nil, ids.count > 1 { throw ValidationError("--gguf names a file of one model; pull one id at a time with it.") }
        }

        func run() async throws {
            // Ctrl-C: say that the partial file is kept (the lock and the .incomplete file survive the exit).
            signal(SIGINT) { _ in
                let message = "\nlabrun: interrupted; the partial download is kept: run `labrun models pull` again to resume\n"
                _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
                _exit(130)
            }
            InterruptSignal.unblock()
            try await execute {
                let pulled = try ModelLibrary().pull(ids, revision: revision, gguf: gguf, announce: { line in
                    if !json { print(line) }
                })
                return try CommandOutput.print(PulledModels(pulled), json: json)
            }
        }
    }

    /// `labrun models path`.
    struct Path: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the folder a model id resolves to on this machine (never downloads).",
            discussion: """
                Example:
                  ls "$(labrun models path openai-community/gpt2)"
                """
        )

        @Argument(help: "A model id or folder.")
        var id: String

        @Option(help: "Branch, tag or commit.")
        var revision = "main"

        @Option(help: ArgumentHelp("Require this GGUF file and print its path instead of the folder's.", valueName: "file"))
        var gguf: String?

        func run() async throws {
            try await execute {
                print(try ModelLibrary().path(id, revision: revision, gguf: gguf))
                return 0
            }
        }
    }

    /// `labrun models rm`.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Delete labrun's copy of a model (the Hugging Face cache only with --hf-cache).",
            discussion: """
                Asks before deleting unless --yes is given. The Hugging Face cache is shared with \
                Python; its copy is kept unless --hf-cache is given.

                Example:
                  labrun models rm openai-community/gpt2 --hf-cache --yes
                """
        )

        @Argument(help: "A model id.")
        var id: String

        @Flag(name: .customLong("hf-cache"), help: "Also delete the model from the Hugging Face cache.")
        var hfCache = false

        @Flag(name: .shortAndLong, help: "Delete without asking.")
        var yes = false

        func run() async throws {
            try await execute {
                let removal = try ModelLibrary().remove(id, includingHFCache: hfCache, confirm: { targets in
                    yes || Console.confirm("Delete\n" + targets.map { "  \($0.path)\n" }.joined() + "? [y/N] ", on: .standardError)
                })
                guard let removal else {
                    print("Nothing deleted.")
                    return 1
                }
                return try CommandOutput.print(removal, json: false)
            }
        }
    }
}

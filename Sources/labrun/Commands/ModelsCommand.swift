import ArgumentParser
import Foundation
import Inference
import LabKit
import LabRun

/// `labrun models …`: the models on this machine, and fetching more from the Hugging Face Hub.
struct ModelsCommand: ParsableCommand {
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
    static func fail(_ error: any Error) -> ExitCode {
        FileHandle.standardError.write(Data("labrun: error: \(error)\n".utf8))
        switch error as? HubError {
        case .invalidID?, .noSuchFolder?, .noSuchModel?, .noSuchRevision?, .noSuchGGUF?: return ExitCode(2)
        default: return ExitCode(1)
        }
    }

    /// `labrun models list`.
    struct List: ParsableCommand {
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

        func run() throws {
            let hub = ModelHub()
            let models = hub.installedModels()
            if json {
                let rows: [[String: Any]] = models.map {
                    [
                        "id": $0.id, "path": $0.directory.path, "size": $0.sizeInBytes,
                        "format": $0.format.rawValue, "bundled": $0.isBundled,
                        "location": $0.location.name, "architecture": $0.architecture ?? NSNull(),
                    ]
                }
                let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            guard !models.isEmpty else {
                print("No models in \(hub.home.models.path).")
                print("Install the bundled ones with: make setup")
                return
            }
            let terminal = Terminal.standardOutput()
            let idWidth = max(2, models.map(\.id.count).max() ?? 0)
            let archWidth = max(4, models.map { ($0.architecture ?? "-").count }.max() ?? 0)
            func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
            print(TerminalStyle.bold.apply(
                pad("ID", idWidth) + "  WHERE     SIZE      FORMAT       " + pad("ARCH", archWidth) + "  BUNDLED",
                on: terminal))
            for model in models {
                print(pad(model.id, idWidth)
                    + "  " + pad(model.location.name, 8)
                    + "  " + pad(ByteCount.format(model.sizeInBytes), 8)
                    + "  " + pad(model.format.rawValue, 11)
                    + "  " + pad(model.architecture ?? "-", archWidth)
                    + "  " + (model.isBundled ? "yes" : "no"))
            }
            print(TerminalStyle.dim.apply("in \(hub.home.models.path)", on: terminal))
            if models.contains(where: { $0.location != .labrunModels }) {
                print(TerminalStyle.dim.apply("and \(hub.cache.root.path)", on: terminal))
            }
        }
    }

    /// `labrun models pull`.
    struct Pull: ParsableCommand {
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

        func run() throws {
            let hub = ModelHub()
            let display = DownloadProgressBar.standardError()
            // Ctrl-C: say that the partial file is kept (the lock and the .incomplete file survive the exit).
            signal(SIGINT) { _ in
                let message = "\nlabrun: interrupted; the partial download is kept: run `labrun models pull` again to resume\n"
                _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
                _exit(130)
            }
            // A parent may have started us with SIGINT blocked (some test runners do); take it back.
            var interrupt = sigset_t()
            sigemptyset(&interrupt)
            sigaddset(&interrupt, SIGINT)
            pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
            var rows: [[String: Any]] = []
            for id in ids {
                do {
                    var model: ResolvedModel
                    if revision == "main", let local = try hub.locate(id, gguf: gguf), local.source == .labrunModels {
                        model = local
                    } else {
                        model = try hub.pull(id, revision: revision, gguf: gguf, progress: display.handle)
                    }
                    let name = model.id ?? id
                    switch model.source {
                    case .labrunModels, .folder:
                        if !json { print("\(name) is already on this machine: \(model.directory.path)") }
                    case let .huggingFaceCache(commit):
                        if !json { print("\(name) at \(commit.prefix(7)): \(model.directory.path)") }
                    }
                    rows.append(["id": name, "path": model.directory.path, "gguf": model.gguf?.path ?? NSNull()])
                } catch {
                    throw ModelsCommand.fail(error)
                }
            }
            if json {
                let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }

    /// `labrun models path`.
    struct Path: ParsableCommand {
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

        func run() throws {
            let hub = ModelHub()
            do {
                guard let model = try hub.locate(id, revision: revision, gguf: gguf) else {
                    throw HubError.notOnThisMachine(id: id, offline: hub.settings.isOffline)
                }
                print((gguf != nil ? model.gguf : nil)?.path ?? model.directory.path)
            } catch {
                throw ModelsCommand.fail(error)
            }
        }
    }

    /// `labrun models rm`.
    struct Remove: ParsableCommand {
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

        func run() throws {
            let hub = ModelHub()
            do {
                let targets = try hub.removalTargets(id, includingHFCache: hfCache)
                guard !targets.isEmpty else {
                    let inCache = !hfCache && !((try? hub.removalTargets(id, includingHFCache: true)) ?? []).isEmpty
                    let hint = inCache ? "; it is in the Hugging Face cache: add --hf-cache to delete it there" : ""
                    FileHandle.standardError.write(Data("labrun: error: no copy of \(id) to delete\(hint)\n".utf8))
                    throw ExitCode(1)
                }
                if !yes {
                    FileHandle.standardError.write(Data(("Delete\n" + targets.map { "  \($0.path)\n" }.joined() + "? [y/N] ").utf8))
                    let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
                    guard answer == "y" || answer == "yes" else {
                        print("Nothing deleted.")
                        throw ExitCode(1)
                    }
                }
                for removed in try hub.remove(id, includingHFCache: hfCache) {
                    print("deleted \(removed.path)")
                }
                if LocalModel.bundledIDs.contains(LegacyModelIDs.canonical(id)) {
                    print("\(id) is a bundled model; reinstall it with: make setup")
                }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw ModelsCommand.fail(error)
            }
        }
    }
}

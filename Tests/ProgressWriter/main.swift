// progress-writer: one writer process for the progress store's multi-process tests.
//
//   progress-writer <sqlite-path> <writer-name> <count> [events|runs]
//
// Appends `count` events (or step runs, each with its event) for student <writer-name> to the
// SQLite store at <sqlite-path>, and after each commit prints `committed <writer> <n> <record-id>`
// on stdout, unbuffered, so a parent that kills this process knows exactly what was committed.
import Foundation
import Progress

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("progress-writer: error: \(message)\n".utf8))
    exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count >= 4, let count = Int(arguments[3]), count >= 0 else {
    fail("usage: progress-writer <sqlite-path> <writer-name> <count> [events|runs]")
}
let path = arguments[1]
let writer = arguments[2]
let mode = arguments.count > 4 ? arguments[4] : "events"
guard mode == "events" || mode == "runs" else { fail("mode must be events or runs, not \(mode)") }

do {
    let store = try SQLiteProgressStore(path: path, busyTimeout: 60)
    for n in 0..<count {
        let id: Int64
        if mode == "events" {
            id = try await store.append(NewEvent(student: writer, lab: "stress", kind: EventKind(rawValue: "test.tick"),
                                                 detail: ["n": String(n)]))
        } else {
            id = try await store.record(StepRun(
                student: writer, lab: "stress", step: n % 5 + 1, startedAt: Date(), duration: 0.001,
                status: n % 7 == 0 ? .error : .ok, code: "print(\(n))",
                output: String(repeating: "output line \(n)\n", count: 20), provenance: ["writer": writer]))
                .recordID
        }
        FileHandle.standardOutput.write(Data("committed \(writer) \(n) \(id)\n".utf8))
    }
    try await store.close()
} catch {
    fail("\(error)")
}

// The application layer re-exports the progress store, so the `labrun` commands and everything
// built on LabRun see `ProgressStore`, `StepRun`, `ProgressRecorder`… with `import LabRun`.
@_exported import Progress

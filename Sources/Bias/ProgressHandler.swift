/// Called by a long metric run after each unit of work (a sentence pair, a template, a sample):
/// `done` units of `total` are finished. The command-line tool draws a progress bar from it.
public typealias ProgressHandler = (_ done: Int, _ total: Int) -> Void

import ArgumentParser
import OhanaIngest
import OhanaStore
import OhanaTraining
import OhanaWatch

struct Watch: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Process files as they arrive until SIGINT or SIGTERM.",
    discussion: """
      A full scan at start, then inotify (complete files and new folders), a full rescan after \
      an event-queue overflow and every rescan_seconds. Files found by a rescan are taken once \
      unchanged for settle_seconds and not open for writing.
      """)

  @OptionGroup var options: RootOptions

  func run() {
    let workspace = options.workspace
    do {
      // Signals are blocked and read from a descriptor, so the file in hand is always finished.
      let termination = try TerminationSignal.install()
      let configuration = try workspace.loadConfiguration()
      let ingestor = try Ingestor(workspace: workspace, configuration: configuration, log: printError)
      printError("ohana: watching \(workspace.inbox)")
      let scheduler = Scheduler(workspace: workspace, configuration: configuration, log: { printError("ohana: \($0)") })
      try WatchLoop(ingestor: ingestor, termination: termination).run(
        report: { summary in printError("ohana: \(Timestamp.nowISO8601()) \(summary.sentence)") },
        warn: { printError("ohana: \($0)") },
        afterPass: {
          // A failed training or prediction is reported and retried on a later pass; the
          // watcher itself keeps taking files.
          do {
            for action in try scheduler.tick() { printError("ohana: \(action)") }
          } catch { printError("ohana: \(error)") }
        })
      printError("ohana: stopped")
    } catch { fail(error) }
  }
}

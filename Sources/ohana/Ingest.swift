import ArgumentParser
import OhanaIngest

struct Ingest: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Process everything currently in the inbox once, then exit.",
    discussion: """
      Each file ends up stored (receipt in outbox/<pipeline>/accepted/, manifest in \
      registry/datasets/) or rejected (moved to outbox/<pipeline>/rejected/ beside a \
      .error.json). Files still open for writing are left for a later run.
      """)

  @OptionGroup var options: RootOptions

  func run() {
    let workspace = options.workspace
    do {
      let configuration = try workspace.loadConfiguration()
      let ingestor = try Ingestor(workspace: workspace, configuration: configuration, log: printError)
      let summary = try ingestor.ingestAll()
      print(summary.sentence)
    } catch { fail(error) }
  }
}

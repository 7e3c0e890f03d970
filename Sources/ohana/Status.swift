import ArgumentParser
import OhanaIngest
import OhanaJSON

struct Status: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Counts per stage and pipeline.")

  @OptionGroup var options: RootOptions

  @Flag(help: "Print canonical JSON instead of a table.")
  var json = false

  func run() {
    let workspace = options.workspace
    do {
      let report = StatusReport(workspace: workspace, configuration: try workspace.loadConfiguration())
      print(json ? CanonicalJSON.encode(try report.json()) : try report.text(), terminator: "")
    } catch { fail(error) }
  }
}

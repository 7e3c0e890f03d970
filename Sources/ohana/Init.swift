import ArgumentParser

struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Create inbox/, outbox/, artifacts/, registry/ and a default ohana.yaml where missing.")

  @OptionGroup var options: RootOptions

  func run() {
    let workspace = options.workspace
    do {
      let created = try workspace.initialize()
      print(created.isEmpty ? "\(workspace.root) is ready (nothing to create)" : "created in \(workspace.root): \(created.joined(separator: " "))")
    } catch { fail(error) }
  }
}

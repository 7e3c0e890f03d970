import ArgumentParser
import OhanaIngest

#if canImport(Glibc)
  import Glibc
#endif

struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Re-hash every artifact and check every manifest and the audit chain.",
    discussion: "Exits 0 only when everything is consistent; otherwise lists each problem and exits 1.")

  @OptionGroup var options: RootOptions

  func run() {
    do {
      let (problems, checked) = try Verifier(workspace: options.workspace).run()
      if problems.isEmpty {
        print("verified \(checked) artifacts and manifests and the audit chain: all consistent")
        return
      }
      for problem in problems { print(problem) }
      printError("ohana: verify found \(problems.count) problem\(problems.count == 1 ? "" : "s")")
      Glibc.exit(1)
    } catch { fail(error) }
  }
}

import ArgumentParser
import OhanaGEDCOM
import OhanaJSON

struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Parse one GEDCOM file and describe it, without touching any tree.")

  @Argument(help: "The GEDCOM file.")
  var file: String

  @Flag(help: "Print one JSON object: counts, version, encoding, diagnostics.")
  var json = false

  @Flag(help: "Print one JSON object per line per individual.")
  var people = false

  func run() {
    do {
      let document = try GEDCOMParser.parse(contentsOf: file)
      if people {
        for person in GEDCOMReport.peopleJSON(document) { print(CanonicalJSON.encodeCompact(person)) }
      }
      if json {
        print(CanonicalJSON.encode(GEDCOMReport.inspectJSON(document)), terminator: "")
      }
      if !json && !people {
        let report = GEDCOMReport.inspectJSON(document)
        print("\(file): GEDCOM \(report["version"]?.stringValue ?? "?"), \(report["encoding"]?.stringValue ?? "?")")
        print("individuals \(report["individuals"]?.intValue ?? 0), families \(report["families"]?.intValue ?? 0), diagnostics \(document.diagnostics.count)")
        for diagnostic in document.diagnostics.prefix(50) {
          print("  line \(diagnostic.line): \(diagnostic.severity.rawValue): \(diagnostic.message)")
        }
        if document.diagnostics.count > 50 { print("  … \(document.diagnostics.count - 50) more (use --json)") }
      }
    } catch { fail(error) }
  }
}

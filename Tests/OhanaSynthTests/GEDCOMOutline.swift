/// A minimal reading of the simulator's own GEDCOM output, enough to check its links: each
/// level-0 record with its cross-reference, type and the lines beneath it.
struct GEDCOMOutline {
  struct Line {
    let level: Int
    let tag: String
    let value: String
  }

  struct Record {
    let xref: String
    let type: String
    var lines: [Line] = []

    /// Values of the lines with `tag` at `level`.
    func values(_ tag: String, level: Int = 1) -> [String] {
      lines.filter { $0.level == level && $0.tag == tag }.map(\.value)
    }

    /// The `DATE` under the first level-1 `event`, if any.
    func date(of event: String) -> String? {
      guard let start = lines.firstIndex(where: { $0.level == 1 && $0.tag == event }) else {
        return nil
      }
      return lines[(start + 1)...].prefix { $0.level > 1 }.first { $0.tag == "DATE" }?.value
    }
  }

  private(set) var individuals: [String: Record] = [:]
  private(set) var families: [String: Record] = [:]
  private(set) var headerLines: [Line] = []

  init(_ text: String) {
    var current: Record?
    func finish(_ record: Record?, into outline: inout GEDCOMOutline) {
      guard let record else { return }
      switch record.type {
      case "INDI": outline.individuals[record.xref] = record
      case "FAM": outline.families[record.xref] = record
      case "HEAD": outline.headerLines = record.lines
      default: break
      }
    }
    for rawLine in text.split(separator: "\n") {
      let parts = rawLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
      let level = Int(parts[0]) ?? -1
      if level == 0 {
        finish(current, into: &self)
        if parts[1].hasPrefix("@") {
          current = Record(xref: String(parts[1]), type: parts.count > 2 ? String(parts[2]) : "")
        } else {
          current = Record(xref: "", type: String(parts[1]))
        }
      } else {
        let value = parts.count > 2 ? String(parts[2]) : ""
        current?.lines.append(Line(level: level, tag: String(parts[1]), value: value))
      }
    }
    finish(current, into: &self)
  }
}

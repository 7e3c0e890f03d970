@testable import OhanaGEDCOM

/// Parses GEDCOM text given as lines (joined with LF), for small cases.
func parse(_ lines: [String], ending: String = "\n") throws -> GEDCOMDocument {
  try GEDCOMParser.parse(bytes: Array((lines.joined(separator: ending) + ending).utf8))
}

/// A minimal 5.5.1 header followed by `body` and a trailer.
func file551(_ body: [String]) -> [String] {
  ["0 HEAD", "1 GEDC", "2 VERS 5.5.1", "2 FORM LINEAGE-LINKED", "1 CHAR UTF-8"] + body + ["0 TRLR"]
}

/// A minimal 7.0 header followed by `body` and a trailer.
func file70(_ body: [String]) -> [String] {
  ["0 HEAD", "1 GEDC", "2 VERS 7.0"] + body + ["0 TRLR"]
}

extension GEDCOMDocument {
  /// The first node with tag `tag`.
  func firstNode(_ tag: String) -> Int? { nodes.indices.first { self.tag($0) == tag } }

  /// Diagnostics with rule `code`.
  func diagnostics(_ code: String) -> [Diagnostic] { diagnostics.filter { $0.code == code } }

  /// The individual with id `xref`.
  func person(_ xref: String) -> Individual? { individuals.first { $0.xref == xref } }

  /// Every node as (level, xref, tag, value, pointer), for comparing trees.
  var outline: [String] {
    nodes.indices.map { index in
      let node = nodes[index]
      return "\(node.level) \(xref(index) ?? "-") \(tag(index)) \(node.isPointer ? "->" : "=") \(value(index) ?? "<none>")"
    }
  }
}

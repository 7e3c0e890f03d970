import Foundation

/// A first look at the `HEAD` record, before the encoding is known: `CHAR`, `GEDC.VERS` and
/// `SOUR` are ASCII in every file, so they can be read from the raw bytes.
struct HeaderScan {
  var characterSet: String?
  var version: String?
  var sourceProgram: String?

  /// Reads the header lines (up to the next level-0 line, at most 1,000 lines).
  static func scan(_ bytes: UnsafeRawBufferPointer) -> HeaderScan {
    var result = HeaderScan()
    var index = 0
    var lines = 0
    var parentTag = ""
    var seenHead = false
    while index < bytes.count, lines < 1000 {
      var end = index
      while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
      let line = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
      index = end + 1
      lines += 1
      let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
      guard fields.count >= 2, let level = Int(fields[0]) else { continue }
      if level == 0 {
        if seenHead { break }
        seenHead = true
        continue
      }
      let tag = fields[1].uppercased()
      let value = fields.count > 2 ? String(fields[2]).trimmingCharacters(in: .whitespaces) : nil
      if level == 1 {
        parentTag = tag
        if tag == "CHAR" { result.characterSet = value }
        if tag == "SOUR" { result.sourceProgram = value }
      } else if level == 2, parentTag == "GEDC", tag == "VERS" {
        result.version = value
      }
    }
    return result
  }
}

/// Cheap facts about a CSV table from its header line, for the dataset manifest.
enum CSVHeader {
  /// The most frequent of `,` `;` tab `|` outside quotes in `header` (comma when none).
  static func delimiter(of header: [UInt8]) -> UInt8 {
    let candidates: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]
    var best: (UInt8, Int) = (0x2C, 0)
    for candidate in candidates {
      let count = fieldCount(header, delimiter: candidate) - 1
      if count > best.1 { best = (candidate, count) }
    }
    return best.0
  }

  /// Fields in the header when split on `delimiter`, honouring double quotes.
  static func columnCount(of header: [UInt8], delimiter: UInt8) -> Int {
    fieldCount(header, delimiter: delimiter)
  }

  private static func fieldCount(_ header: [UInt8], delimiter: UInt8) -> Int {
    var fields = 1
    var quoted = false
    for byte in header {
      if byte == 0x22 {
        quoted.toggle()
      } else if byte == delimiter && !quoted {
        fields += 1
      }
    }
    return fields
  }
}

/// Writes CSV for spreadsheets: RFC 4180 quoting, and the OWASP defence against formula
/// injection — a cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
/// `'` so a spreadsheet shows it as text instead of running it. Plain numbers such as `-1.5`
/// or `+3e2` are left alone: they are values, not formulas.
public enum CSVWriter {
  private static let formulaStarts: Set<UInt8> = [
    UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13,
  ]

  /// One cell, escaped and quoted as needed.
  public static func field(_ text: String) -> String {
    var text = text
    if let first = text.utf8.first, formulaStarts.contains(first), !isPlainNumber(text) { text = "'" + text }
    guard
      text.utf8.contains(where: {
        $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13
      })
    else { return text }
    var quoted = "\""
    for character in text {
      // A quote inside a quoted field is doubled.
      if character == "\"" { quoted.append("\"") }
      quoted.append(character)
    }
    return quoted + "\""
  }

  /// A record: the escaped fields joined with `,`, ending with a line feed.
  public static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }

  /// Whether `text` is a signed decimal number and nothing else.
  private static func isPlainNumber(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return false }
      return CellParsing.number(base, buffer.count, inferring: false) != nil
    }
  }
}

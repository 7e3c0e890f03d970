/// Encodes ``JSONValue``s canonically: object keys sorted by their UTF-8 bytes, two-space
/// indentation, the shortest round-tripping form for doubles, and a trailing newline.
///
/// Rewriting a manifest with unchanged content therefore yields identical bytes, so registry
/// files committed to git show no diff when a stage runs again.
public enum CanonicalJSON {
  /// The canonical, indented text of `value`, ending in a newline.
  public static func encode(_ value: JSONValue) -> String {
    var out = ""
    write(value, indent: 0, pretty: true, into: &out)
    out.append("\n")
    return out
  }

  /// The canonical text on one line with no trailing newline (for JSON Lines and audit records).
  public static func encodeCompact(_ value: JSONValue) -> String {
    var out = ""
    write(value, indent: 0, pretty: false, into: &out)
    return out
  }

  /// The canonical bytes of `value` (indented, newline-terminated).
  public static func bytes(_ value: JSONValue) -> [UInt8] { Array(encode(value).utf8) }

  private static func write(_ value: JSONValue, indent: Int, pretty: Bool, into out: inout String) {
    switch value {
    case .null: out += "null"
    case .bool(let flag): out += flag ? "true" : "false"
    case .int(let number): out += String(number)
    case .double(let number): out += format(number)
    case .string(let text): writeString(text, into: &out)
    case .array(let elements):
      if elements.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { out += "," }
        newline(indent + 1, pretty: pretty, into: &out)
        write(element, indent: indent + 1, pretty: pretty, into: &out)
      }
      newline(indent, pretty: pretty, into: &out)
      out += "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      for (index, key) in keys.enumerated() {
        if index > 0 { out += "," }
        newline(indent + 1, pretty: pretty, into: &out)
        writeString(key, into: &out)
        out += pretty ? ": " : ":"
        write(members[key]!, indent: indent + 1, pretty: pretty, into: &out)
      }
      newline(indent, pretty: pretty, into: &out)
      out += "}"
    }
  }

  private static func newline(_ indent: Int, pretty: Bool, into out: inout String) {
    guard pretty else { return }
    out += "\n"
    out += String(repeating: "  ", count: indent)
  }

  /// Doubles use Swift's shortest round-trip form; integral values keep no fraction only when
  /// stored as `.int`, so a double always reads back as a double. Non-finite values have no
  /// JSON form and become `null`.
  static func format(_ number: Double) -> String {
    guard number.isFinite else { return "null" }
    if number == 0 { return "0.0" }
    return number.description
  }

  private static func writeString(_ text: String, into out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}

/// Which names in the inbox Ohana must never touch.
public enum InboxNames {
  /// Hidden names (including rsync's `.name.XXXXXX` temp files and Ohana's own `.ohana`) and
  /// the usual names of files still being written: `*.tmp`, `*.part`, `*~`.
  public static func isIgnored(_ name: String) -> Bool {
    name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") || name.hasSuffix("~")
      || name.isEmpty
  }

  /// A name safe to use as one path component in the outbox: `/` and control characters are
  /// replaced, and a leading dot is kept visible.
  public static func flatten(_ relativePath: String) -> String {
    var result = ""
    for scalar in relativePath.unicodeScalars {
      switch scalar {
      case "/": result += "__"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += "_"
      default: result.unicodeScalars.append(scalar)
      }
    }
    if result.hasPrefix(".") { result = "_" + result }
    if result.utf8.count > 200 { result = String(result.utf8.suffix(200)) ?? "input" }
    return result.isEmpty ? "input" : result
  }
}

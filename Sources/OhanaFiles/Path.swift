/// Small, allocation-light helpers for slash-separated POSIX paths.
public enum Path {
  /// `a/b` joined with `c` gives `a/b/c`.
  public static func join(_ base: String, _ components: String...) -> String {
    var result = base
    for component in components where !component.isEmpty {
      if result.isEmpty || result.hasSuffix("/") {
        result += component
      } else {
        result += "/" + component
      }
    }
    return result
  }

  /// The folder holding `path` (`.` for a bare name, `/` for the root).
  public static func parent(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "." }
    if slash == trimmed.startIndex { return "/" }
    return String(trimmed[..<slash])
  }

  /// The last component of `path`.
  public static func name(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
    return String(trimmed[trimmed.index(after: slash)...])
  }
}

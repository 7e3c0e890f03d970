/// The checks every member name must pass before its data is read.
enum MemberNameRules {
  /// Throws when `name` is empty, holds a control character, is absolute, or has a `..`
  /// component. Both `/` and `\` count as separators, since archives made on Windows use `\`.
  static func validate(_ name: String) throws(ArchiveError) {
    guard !name.isEmpty else {
      throw .unsafeMemberName(member: name, problem: .empty)
    }
    if name.unicodeScalars.contains(where: isControl) {
      throw .unsafeMemberName(member: name, problem: .controlCharacter)
    }
    if isAbsolute(name) {
      throw .unsafeMemberName(member: name, problem: .absolute)
    }
    let components = name.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "\\" })
    if components.contains("..") {
      throw .unsafeMemberName(member: name, problem: .escapesTree)
    }
  }

  /// C0 controls (NUL included), DEL and C1 controls.
  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  /// A leading separator, or a Windows drive prefix such as `C:`.
  private static func isAbsolute(_ name: String) -> Bool {
    let scalars = Array(name.unicodeScalars.prefix(2))
    if scalars[0] == "/" || scalars[0] == "\\" { return true }
    return scalars.count == 2 && scalars[0].isASCII && scalars[0].properties.isAlphabetic
      && scalars[1] == ":"
  }
}

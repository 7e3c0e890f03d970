/// Why a member name is refused.
public enum MemberNameProblem: String, Sendable, Equatable {
  /// The name is empty.
  case empty
  /// The name starts at the root (`/`, `\` or a drive letter such as `C:`).
  case absolute
  /// A `..` component would climb out of the extraction tree.
  case escapesTree
  /// The name holds NUL or another non-printable control character.
  case controlCharacter
}

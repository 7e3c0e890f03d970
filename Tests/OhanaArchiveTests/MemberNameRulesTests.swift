import Testing

@testable import OhanaArchive

@Suite("Member name rules")
struct MemberNameRulesTests {
  static let refused: [(name: String, problem: MemberNameProblem)] = [
    ("", .empty),
    ("/etc/passwd", .absolute),
    ("\\Windows\\x", .absolute),
    ("C:\\x.ged", .absolute),
    ("c:x.ged", .absolute),
    ("..", .escapesTree),
    ("../x", .escapesTree),
    ("a/b/../../../x", .escapesTree),
    ("a\\..\\..\\x", .escapesTree),
    ("a/..", .escapesTree),
    ("a\u{0}b", .controlCharacter),
    ("a\tb", .controlCharacter),
    ("a\u{7F}b", .controlCharacter),
    ("a\u{85}b", .controlCharacter),
  ]

  @Test("unsafe names are refused for the right reason", arguments: refused)
  func refuses(name: String, problem: MemberNameProblem) {
    let error = archiveError { () throws(ArchiveError) in try MemberNameRules.validate(name) }
    #expect(error == .unsafeMemberName(member: name, problem: problem))
  }

  @Test(
    "ordinary names pass, dots inside names included",
    arguments: [
      "a/b/c.ged", "./a.csv", "..hidden", "a..b/c", "-rf", ".hidden.ged", "Żółw.ged", "a/",
    ])
  func accepts(name: String) {
    #expect(archiveError { () throws(ArchiveError) in try MemberNameRules.validate(name) } == nil)
  }

  @Test("messages spell control characters out and stay on one line")
  func printableMessages() {
    let error = ArchiveError.unsafeMemberName(member: "a\nb\u{0}", problem: .controlCharacter)
    #expect(error.description == "archive member a\\nb\\0 has a control character in its name")
    #expect(
      ArchiveError.unsafeMemberName(member: "", problem: .empty).description
        == "an archive member has an empty name")
  }
}

import Foundation
import OhanaIngest

/// What code produced a run: Ohana's version and, when the executable was built from a git
/// checkout, the commit it was built from (read from `.git`, no `git` process needed).
public enum CodeVersion {
  /// `0.1.0+<commit>` or `0.1.0`.
  public static let current: String = {
    guard let revision = gitRevision() else { return OhanaVersion.current }
    return OhanaVersion.current + "+" + String(revision.prefix(12))
  }()

  static func gitRevision() -> String? {
    var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
      .deletingLastPathComponent()
    for _ in 0..<8 {
      let git = folder.appendingPathComponent(".git")
      if let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8) {
        let trimmed = head.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("ref: ") else { return trimmed }
        let reference = String(trimmed.dropFirst(5))
        if let sha = try? String(contentsOf: git.appendingPathComponent(reference), encoding: .utf8) {
          return sha.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let packed = (try? String(contentsOf: git.appendingPathComponent("packed-refs"), encoding: .utf8)) ?? ""
        return packed.split(separator: "\n").first { $0.hasSuffix(" " + reference) }.map { String($0.prefix(40)) }
      }
      folder.deleteLastPathComponent()
    }
    return nil
  }
}

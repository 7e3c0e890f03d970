import Foundation
import OhanaTestSupport
import Testing

/// The real hostile corpus (`../shared/data/hostile`): libarchive's malformed archives, zip-slip
/// samples, bombs, odd CSVs and a cyclic GEDCOM each get a clear outcome, within the limits,
/// with nothing written outside the tree.
@Suite(.enabled(if: SharedData.isAvailable, "../shared/data is absent (set OHANA_DATA)"))
struct HostileCorpusTests {
  static let files = SharedData.files(
    in: "hostile", extensions: ["zip", "tar", "gz", "csv", "ged"])

  @Test func everyHostileFileGetsAClearOutcome() throws {
    #expect(Self.files.count >= 30)
    let sandbox = try TemporaryDirectory()
    let root = sandbox.file("tree")
    #expect(try OhanaCommand.run(["init", "--root", root]).status == 0)
    for file in Self.files {
      try FileManager.default.copyItem(atPath: file, toPath: root + "/inbox/" + (file as NSString).lastPathComponent)
    }
    let started = Date()
    let run = try OhanaCommand.run(["ingest", "--root", root])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(Date().timeIntervalSince(started) < 120)
    let (accepted, rejected) = try Fixtures.outcomes(root)
    let names = Self.files.map { ($0 as NSString).lastPathComponent }.sorted()
    #expect(Set(accepted).isDisjoint(with: rejected))
    #expect(Set(accepted).union(rejected) == Set(names), "unaccounted: \(Set(names).subtracting(accepted).subtracting(rejected))")
    // Every rejection has a sentence; the traversal and link archives are refused.
    for name in ["snyk__zip-slip.zip", "snyk__zip-slip.tar", "gen__tar_symlink_escape.tar", "gen__tar_hardlink_escape.tar",
                 "gen__tar_absolute_path.tar", "gen__gzip_bomb_512MiB.gz", "gen__zip_full_overlap_bomb.zip"] {
      #expect(rejected.contains(name), "\(name) was not rejected")
    }
    let reason = try Fixtures.json(root + "/outbox/rejected/snyk__zip-slip.zip.error.json")
    #expect(reason["error"]?.stringValue?.contains("escapes the tree") == true)
    // Nothing outside the tree: the sandbox holds only the tree.
    #expect(Fixtures.files(sandbox.path) == ["tree"])
    for escaped in ["/tmp/evil.txt", "/tmp/abs-evil.txt", "/tmp/pwned-via-symlink.txt", "/tmp/pwned-dotdot.txt"] {
      #expect(!FileManager.default.fileExists(atPath: escaped), "\(escaped) was written")
    }
    #expect(try OhanaCommand.run(["verify", "--root", root]).status == 0)
  }
}

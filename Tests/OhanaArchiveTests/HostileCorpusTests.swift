import Foundation
import Testing

@testable import OhanaArchive

/// Every archive and gzip file of the shared hostile corpus reads cleanly to safe members or
/// fails with the expected `ArchiveError`, quickly, within the limits.
@Suite("Hostile corpus")
struct HostileCorpusTests {
  /// What reading a corpus file with the reader its detected format calls for must give.
  enum Expected: Sendable {
    /// Read cleanly: these member names (archives) or this many bytes (gzip).
    case members([String])
    case memberCount(Int)
    case bytes(Int)
    case plain
    /// Refused with an error of this kind.
    case refused(Refusal)
  }

  enum Refusal: Sendable {
    case name(MemberNameProblem)
    case type(MemberKind)
    case ratio
    case corruptArchive
    case corruptGzip
    case sizeMismatch

    func matches(_ error: ArchiveError) -> Bool {
      switch (self, error) {
      case (.name(let expected), .unsafeMemberName(_, let problem)): expected == problem
      case (.type(let expected), .unacceptableMemberType(_, let kind)): expected == kind
      case (.ratio, .compressionRatioExceeded): true
      case (.corruptArchive, .corruptArchive): true
      case (.corruptGzip, .corruptGzip): true
      case (.sizeMismatch, .sizeMismatch): true
      default: false
      }
    }
  }

  static let expectations: [String: Expected] = [
    "gen__csv_1e6_columns.csv.gz": .refused(.ratio),
    "gen__gzip_bomb_512MiB.gz": .refused(.ratio),
    "gen__targz_bomb_512MiB.tar.gz": .refused(.ratio),
    "gen__zip_full_overlap_bomb.zip": .refused(.ratio),
    "gen__tar_absolute_path.tar": .refused(.name(.absolute)),
    "gen__tar_device_setuid.tar": .refused(.type(.characterDevice)),
    "gen__tar_hardlink_escape.tar": .refused(.type(.hardLink)),
    "gen__tar_odd_names.tar": .refused(.name(.controlCharacter)),
    "gen__tar_symlink_dotdot.tar": .refused(.type(.symbolicLink)),
    "gen__tar_symlink_escape.tar": .refused(.type(.symbolicLink)),
    "libarchive__test_compat_tar_hardlink_1.tar": .refused(.type(.hardLink)),
    "libarchive__test_read_filter_gzip_recursive.gz": .refused(.corruptGzip),
    "libarchive__test_read_format_tar_V_negative_size.tar": .plain,
    "libarchive__test_read_format_tar_empty_filename.tar": .members([]),
    "libarchive__test_read_format_tar_invalid_pax_size.tar": .refused(.corruptArchive),
    "libarchive__test_read_format_tar_timestamp_overflow.tar": .members(["tmp/f.txt"]),
    "libarchive__test_read_format_zip_bz2_hang.zip": .refused(.corruptArchive),
    // CP866 names: the bytes that are not UTF-8 become U+FFFD.
    "libarchive__test_read_format_zip_filename_cp866.zip": .memberCount(2),
    "libarchive__test_read_format_zip_malformed1.zip": .refused(.corruptArchive),
    "libarchive__test_read_format_zip_nested.zip": .members(["small.zip", "file.txt"]),
    "libarchive__test_read_format_zip_size_exceeds_declared_deflate.zip": .refused(.sizeMismatch),
    "libarchive__test_read_format_zip_symlink.zip": .refused(.type(.symbolicLink)),
    "libarchive__test_read_format_zip_uncompressed_size_off_by_4gib.zip": .refused(.sizeMismatch),
    "libarchive__test_read_format_zip_with_invalid_traditional_eocd.zip": .members([
      "test1.txt", "test2.txt",
    ]),
    "libarchive__test_read_too_many_filters.gz": .bytes(210),
    "snyk__zip-slip-win.tar": .refused(.name(.escapesTree)),
    "snyk__zip-slip-win.zip": .refused(.name(.escapesTree)),
    "snyk__zip-slip.tar": .refused(.name(.escapesTree)),
    "snyk__zip-slip.zip": .refused(.name(.escapesTree)),
  ]

  static let available = Fixture.hostileDirectory != nil

  static let corpusFiles: [String] = {
    guard let directory = Fixture.hostileDirectory,
      let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
    else { return [] }
    return names.filter { name in
      name.hasPrefix("libarchive__") || name.hasPrefix("snyk__")
        || (name.hasPrefix("gen__")
          && (name.contains("tar") || name.contains("zip") || name.contains("gz")))
    }.sorted()
  }()

  static func path(_ name: String) -> String {
    Fixture.hostileDirectory!.appendingPathComponent(name).path
  }

  /// Reads the file with the reader its detected format calls for, to the end.
  static func read(_ path: String, limits: ArchiveLimits) throws(ArchiveError) -> Expected {
    switch try ContainerFormat.detect(path: path) {
    case .plain:
      return .plain
    case .gzip:
      return .bytes(Int(try drain(GzipReader(path: path, limits: limits))))
    case .zip, .tar, .tarGzip:
      return .members(try readMembers(path, limits: limits).map(\.entry.name))
    }
  }

  @Test(
    "every archive or gzip file in the corpus has an expected outcome",
    .enabled(if: available, "shared hostile data is absent"))
  func corpusIsCovered() {
    #expect(!Self.corpusFiles.isEmpty)
    #expect(Set(Self.corpusFiles) == Set(Self.expectations.keys))
  }

  @Test(
    "reading gives the expected members or error, quickly",
    .enabled(if: available, "shared hostile data is absent"), arguments: corpusFiles)
  func readsAsExpected(name: String) throws {
    let expected = try #require(Self.expectations[name])
    let start = ContinuousClock.now
    let outcome: Expected
    do {
      outcome = try Self.read(Self.path(name), limits: ArchiveLimits())
    } catch {
      guard case .refused(let refusal) = expected else {
        Issue.record("\(name) was refused: \(error)")
        return
      }
      #expect(refusal.matches(error), "\(name): \(error)")
      #expect(!error.description.isEmpty && !error.description.contains("\n"))
      #expect(ContinuousClock.now - start < .seconds(5))
      return
    }
    switch (expected, outcome) {
    case (.members(let names), .members(let read)): #expect(names == read, "\(name)")
    case (.memberCount(let count), .members(let read)): #expect(count == read.count, "\(name)")
    case (.bytes(let count), .bytes(let read)): #expect(count == read, "\(name)")
    case (.plain, .plain): break
    default: Issue.record("\(name) gave \(outcome), expected \(expected)")
    }
    #expect(ContinuousClock.now - start < .seconds(5))
  }

  @Test(
    "both readers, forced on any corpus file, finish with safe members or an error",
    .enabled(if: available, "shared hostile data is absent"), arguments: corpusFiles)
  func eitherReaderIsSafe(name: String) throws {
    let path = Self.path(name)
    let start = ContinuousClock.now
    let gzipError = archiveError { () throws(ArchiveError) in
      _ = try drain(GzipReader(path: path, limits: ArchiveLimits()))
    }
    var names: [String] = []
    let archiveFailure = archiveError { () throws(ArchiveError) in
      names = try readMembers(path).map(\.entry.name)
    }
    if archiveFailure == nil {
      for member in names {
        #expect(
          archiveError { () throws(ArchiveError) in try MemberNameRules.validate(member) } == nil)
      }
    }
    #expect(gzipError != nil || archiveFailure != nil || name.hasSuffix(".gz"))
    #expect(ContinuousClock.now - start < .seconds(5))
  }

  @Test(
    "the 512 MiB gzip and tar.gz bombs stop at the total limit once the ratio limit is raised",
    .enabled(if: available, "shared hostile data is absent"),
    arguments: ["gen__gzip_bomb_512MiB.gz", "gen__targz_bomb_512MiB.tar.gz"])
  func bombsStopAtTotal(name: String) throws {
    let limits = ArchiveLimits(maxTotalBytes: 64 << 20, maxCompressionRatio: 1e12)
    let error = archiveError { () throws(ArchiveError) in
      _ = try Self.read(Self.path(name), limits: limits)
    }
    #expect(error == .totalSizeExceeded(limit: 64 << 20))
  }

  @Test(
    "the full-overlap zip bomb gives its 64 MiB kernel once, and stops at a lower total limit",
    .enabled(if: available, "shared hostile data is absent"))
  func overlapBombIsBounded() throws {
    // libarchive's seekable zip reader keeps one entry per local-header offset, so the 1000
    // central-directory entries that share offset 0 yield a single member.
    let path = Self.path("gen__zip_full_overlap_bomb.zip")
    let unbounded = ArchiveLimits(maxCompressionRatio: 1e12)
    let reader = try ArchiveReader(path: path, limits: unbounded)
    var sizes: [UInt64] = []
    while try reader.nextEntry() != nil { sizes.append(try drain(reader)) }
    #expect(sizes == [64 << 20])

    let small = ArchiveLimits(maxTotalBytes: 16 << 20, maxCompressionRatio: 1e12)
    let error = archiveError { () throws(ArchiveError) in _ = try readMembers(path, limits: small) }
    #expect(error == .totalSizeExceeded(limit: 16 << 20))
  }

  @Test(
    "the gzip bomb stops early, having produced barely more than the ratio floor",
    .enabled(if: available, "shared hostile data is absent"))
  func gzipBombStopsEarly() throws {
    let reader = try GzipReader(
      path: Self.path("gen__gzip_bomb_512MiB.gz"), limits: ArchiveLimits())
    let error = archiveError { () throws(ArchiveError) in _ = try drain(reader) }
    guard case .compressionRatioExceeded = error else {
      Issue.record("expected a ratio error, got \(String(describing: error))")
      return
    }
    #expect(reader.uncompressedBytesRead <= ArchiveLimits.ratioFloorBytes + (256 << 10))
  }

  @Test(
    "nested gzip layers are refused by the archive reader at once, not stacked as filters",
    .enabled(if: available, "shared hostile data is absent"))
  func nestedGzipIsNotAnArchive() {
    let layered = Self.path("libarchive__test_read_too_many_filters.gz")
    #expect(Self.archiveFailure(layered) == .notAnArchive(path: layered, format: .gzip))
    // This one's outer CRC is wrong, which detection already finds in its first block.
    let recursive = Self.path("libarchive__test_read_filter_gzip_recursive.gz")
    #expect(
      Self.archiveFailure(recursive)
        == .corruptGzip(path: recursive, reason: "incorrect data check"))
  }

  static func archiveFailure(_ path: String) -> ArchiveError? {
    archiveError { () throws(ArchiveError) in _ = try readMembers(path) }
  }
}

import Foundation
import OhanaArchive
import Testing

@Suite("GzipReader")
struct GzipReaderTests {
  /// Writes `gzip.compress` of a python bytes expression to `name` in `directory`.
  static func gzip(_ expression: String, _ directory: URL, _ name: String = "in.gz") throws
    -> String
  {
    let path = directory.appendingPathComponent(name).path
    try Fixture.python(
      "import gzip, random, sys; random.seed(7); open(sys.argv[1], 'wb').write(\(expression))",
      path)
    return path
  }

  @Test("multi-member gzip reads every member in order, exactly")
  func multiMember() throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = try Self.gzip(
        "gzip.compress(b'hello, ') + gzip.compress(b'') + gzip.compress(b'world\\n')", directory)
      let reader = try GzipReader(path: path, limits: ArchiveLimits())
      #expect(try readAll(reader, bufferSize: 3) == Array("hello, world\n".utf8))
      #expect(reader.uncompressedBytesRead == 13)
      let fileSize = try Fixture.bytes(of: URL(fileURLWithPath: path)).count
      #expect(reader.compressedBytesRead == UInt64(fileSize))
      #expect(try readAll(reader).isEmpty)
    }
  }

  @Test("3 MB of random data round-trips byte for byte through a small buffer")
  func largeRoundTrip() throws {
    try Fixture.withTemporaryDirectory { directory in
      let raw = directory.appendingPathComponent("raw")
      try Fixture.python(
        "import random, sys; random.seed(3);"
          + " open(sys.argv[1], 'wb').write(random.randbytes(3_000_000))",
        raw.path)
      let path = directory.appendingPathComponent("raw.gz").path
      try Fixture.python(
        "import gzip, sys;"
          + " open(sys.argv[2], 'wb').write(gzip.compress(open(sys.argv[1], 'rb').read()))",
        raw.path, path)
      let reader = try GzipReader(path: path, limits: ArchiveLimits())
      #expect(try readAll(reader, bufferSize: 1000) == Fixture.bytes(of: raw))
    }
  }

  @Test("a truncated gzip file is an error, whether cut in the data or in the header")
  func truncated() throws {
    try Fixture.withTemporaryDirectory { directory in
      for keep in ["len(d) // 2", "len(d) - 4", "5", "0"] {
        let path = directory.appendingPathComponent("cut.gz").path
        try Fixture.python(
          "import gzip, random, sys; random.seed(1); d = gzip.compress(random.randbytes(100_000));"
            + " open(sys.argv[1], 'wb').write(d[:\(keep)])", path)
        let error = archiveError { () throws(ArchiveError) in
          _ = try drain(GzipReader(path: path, limits: ArchiveLimits()))
        }
        #expect(error == .truncatedGzip(path: path), "kept \(keep)")
      }
    }
  }

  @Test("a corrupt checksum, corrupt data or trailing garbage is a corrupt-gzip error")
  func corrupt() throws {
    try Fixture.withTemporaryDirectory { directory in
      let cases = [
        "d[:-8] + bytes([d[-8] ^ 1]) + d[-7:]",  // CRC-32 trailer
        "d[:20] + bytes(50) + d[70:]",  // deflate data
        "d + b'garbage'",
      ]
      for mutation in cases {
        let path = try Self.gzip(
          "(lambda d: \(mutation))(gzip.compress(random.randbytes(10_000)))", directory)
        let error = archiveError { () throws(ArchiveError) in
          _ = try drain(GzipReader(path: path, limits: ArchiveLimits()))
        }
        guard case .corruptGzip(let errorPath, let reason) = error else {
          Issue.record("\(mutation): expected corrupt gzip, got \(String(describing: error))")
          continue
        }
        #expect(errorPath == path && !reason.isEmpty)
        #expect(error?.description.hasPrefix("the gzip data in \(path) is corrupt: ") == true)
      }
    }
  }

  @Test("a bomb by ratio stops just past the 1 MiB floor, long before its 64 MiB")
  func ratioBomb() throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = try Self.gzip("gzip.compress(bytes(64 << 20))", directory)
      let reader = try GzipReader(path: path, limits: ArchiveLimits())
      let error = archiveError { () throws(ArchiveError) in _ = try drain(reader) }
      guard case .compressionRatioExceeded(let limit, let uncompressed, let compressed) = error
      else {
        Issue.record("expected a ratio error, got \(String(describing: error))")
        return
      }
      #expect(limit == 200 && Double(uncompressed) / Double(compressed) > 200)
      #expect(reader.uncompressedBytesRead < 2 << 20)
      // Once failed, the reader keeps failing the same way.
      #expect(archiveError { () throws(ArchiveError) in _ = try drain(reader) } == error)
    }
  }

  @Test("a bomb by size stops one byte past the total limit")
  func sizeBomb() throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = try Self.gzip("gzip.compress(random.randbytes(3 << 20))", directory)
      let limits = ArchiveLimits(maxTotalBytes: 1 << 20)
      let reader = try GzipReader(path: path, limits: limits)
      let error = archiveError { () throws(ArchiveError) in _ = try drain(reader) }
      #expect(error == .totalSizeExceeded(limit: 1 << 20))
      #expect(reader.uncompressedBytesRead == (1 << 20) + 1)
    }
  }

  @Test("small, very repetitive files below the ratio floor are not flagged")
  func belowFloor() throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = try Self.gzip("gzip.compress(b'0,' * 500_000)", directory)
      let reader = try GzipReader(path: path, limits: ArchiveLimits())
      #expect(try drain(reader) == 1_000_000)
    }
  }

  @Test("an input of exactly the total limit is accepted")
  func exactlyAtLimit() throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = try Self.gzip("gzip.compress(random.randbytes(4096))", directory)
      let reader = try GzipReader(path: path, limits: ArchiveLimits(maxTotalBytes: 4096))
      #expect(try drain(reader) == 4096)
    }
  }

  @Test("a missing file cannot be opened")
  func missingFile() throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("absent.gz").path
      let error = archiveError { () throws(ArchiveError) in
        _ = try GzipReader(path: path, limits: ArchiveLimits())
      }
      #expect(error == .cannotOpen(path: path, reason: "No such file or directory"))
    }
  }
}

import Foundation
import OhanaArchive
import Testing

@Suite("ArchiveReader")
struct ArchiveReaderTests {
  /// Python helpers: `tar(path, members, mode)` with members as (name, type, payload) where the
  /// payload of a link is its target, and `rnd(n)` for reproducible random bytes.
  static let prelude = """
    import io, random, sys, tarfile, zipfile
    random.seed(11)
    def rnd(n): return random.randbytes(n)
    def tar(path, members, mode='w'):
        with tarfile.open(path, mode) as t:
            for name, kind, payload in members:
                info = tarfile.TarInfo(name)
                info.type = kind
                if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE):
                    info.linkname = payload.decode()
                elif kind == tarfile.REGTYPE:
                    info.size = len(payload)
                t.addfile(info, io.BytesIO(payload) if kind == tarfile.REGTYPE else None)
    out = sys.argv[1]

    """

  /// Runs `program` after the prelude, with `out` the path of `name` in `directory`.
  static func build(_ directory: URL, _ name: String, _ program: String) throws -> String {
    let path = directory.appendingPathComponent(name).path
    try Fixture.python(prelude + program, path)
    return path
  }

  static func error(reading path: String, limits: ArchiveLimits = ArchiveLimits())
    -> ArchiveError?
  {
    archiveError { () throws(ArchiveError) in _ = try readMembers(path, limits: limits) }
  }

  @Test("a zip with nested folders gives its files, in order, with exact bytes")
  func zipHappyPath() throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = try Self.build(
        directory, "family.zip",
        """
        with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr('a/', '')
            z.writestr('a/b/', '')
            z.writestr('a/b/c.ged', '0 HEAD\\n1 CHAR UTF-8\\n0 TRLR\\n')
            z.writestr('a/x.csv', 'id,name\\n1,Ana\\n')
            z.writestr('top.bin', bytes(range(256)) * 1000, compress_type=zipfile.ZIP_STORED)
        """)
      let members = try readMembers(path)
      #expect(members.map(\.entry.name) == ["a/b/c.ged", "a/x.csv", "top.bin"])
      #expect(members.map(\.entry.declaredSize) == [27, 14, 256_000])
      #expect(members[0].data == Array("0 HEAD\n1 CHAR UTF-8\n0 TRLR\n".utf8))
      #expect(members[1].data == Array("id,name\n1,Ana\n".utf8))
      #expect(members[2].data == (0..<1000).flatMap { _ in (0...255).map(UInt8.init) })
    }
  }

  @Test("a tar.gz gives its files with exact bytes, skipping directories")
  func tarGzipHappyPath() throws {
    try Fixture.withTemporaryDirectory { directory in
      let data = directory.appendingPathComponent("data.bin")
      try Fixture.python(Self.prelude + "open(out, 'wb').write(rnd(700_000))", data.path)
      let path = try Self.build(
        directory, "tree.tar.gz",
        """
        tar(out, [('a', tarfile.DIRTYPE, b''), ('a/b', tarfile.DIRTYPE, b''),
                  ('a/b/c.ged', tarfile.REGTYPE, b'0 HEAD\\n0 TRLR\\n'),
                  ('empty.txt', tarfile.REGTYPE, b''),
                  ('a/data.bin', tarfile.REGTYPE, open(sys.argv[2], 'rb').read())], 'w:gz')
        """.replacingOccurrences(of: "sys.argv[2]", with: "'\(data.path)'"))
      #expect(try ContainerFormat.detect(path: path) == .tarGzip)
      let members = try readMembers(path)
      #expect(members.map(\.entry.name) == ["a/b/c.ged", "empty.txt", "a/data.bin"])
      #expect(members[0].data == Array("0 HEAD\n0 TRLR\n".utf8))
      #expect(members[1].data.isEmpty)
      #expect(members[2].data == (try Fixture.bytes(of: data)))
    }
  }

  @Test("a partly read member is skipped correctly, and reading before the first entry gives 0")
  func partialReads() throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = try Self.build(
        directory, "two.tar",
        "tar(out, [('one', tarfile.REGTYPE, b'x' * 5000), ('two', tarfile.REGTYPE, b'second')])")
      let reader = try ArchiveReader(path: path, limits: ArchiveLimits())
      let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 10, alignment: 1)
      defer { buffer.deallocate() }
      #expect(try reader.read(into: buffer) == 0)
      #expect(try reader.nextEntry() == ArchiveEntry(name: "one", declaredSize: 5000))
      #expect(try reader.read(into: buffer) == 10)
      #expect(try reader.nextEntry() == ArchiveEntry(name: "two", declaredSize: 6))
      #expect(try readAll(reader) == Array("second".utf8))
      #expect(try reader.nextEntry() == nil)
      #expect(try reader.nextEntry() == nil)
      #expect(reader.uncompressedBytesRead == 5006)
    }
  }

  /// Members refused by name or type, and the sentence that explains why.
  static let refusedTarMembers: [(members: String, message: String)] = [
    ("('../../x.ged', tarfile.REGTYPE, b'x')", "archive member ../../x.ged escapes the tree"),
    ("('a/../../x.ged', tarfile.REGTYPE, b'x')", "archive member a/../../x.ged escapes the tree"),
    (
      "('a\\\\..\\\\..\\\\x.ged', tarfile.REGTYPE, b'x')",
      "archive member a\\..\\..\\x.ged escapes the tree"
    ),
    (
      "('/tmp/abs.ged', tarfile.REGTYPE, b'x')",
      "archive member /tmp/abs.ged is an absolute path; only relative paths are accepted"
    ),
    (
      "('a\\x01b.ged', tarfile.REGTYPE, b'x')",
      "archive member a\\u{01}b.ged has a control character in its name"
    ),
    (
      "('a\\nb.csv', tarfile.REGTYPE, b'x')",
      "archive member a\\nb.csv has a control character in its name"
    ),
    (
      "('evil', tarfile.SYMTYPE, b'/tmp')",
      "archive member evil is a symbolic link; links are not accepted"
    ),
    (
      "('a.ged', tarfile.REGTYPE, b'x'), ('hard', tarfile.LNKTYPE, b'a.ged')",
      "archive member hard is a hard link; links are not accepted"
    ),
    (
      "('pipe', tarfile.FIFOTYPE, b'')",
      "archive member pipe is a FIFO (named pipe); only regular files are accepted"
    ),
    (
      "('null', tarfile.CHRTYPE, b'')",
      "archive member null is a character device; only regular files are accepted"
    ),
    (
      "('disk', tarfile.BLKTYPE, b'')",
      "archive member disk is a block device; only regular files are accepted"
    ),
  ]

  @Test(
    "unsafe names, links and special files are refused with a sentence naming the member",
    arguments: refusedTarMembers)
  func refusedTarMember(members: String, message: String) throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = try Self.build(directory, "bad.tar", "tar(out, [\(members)])")
      #expect(Self.error(reading: path)?.description == message)
      // Nothing was written beside the archive.
      let listing = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      #expect(listing == ["bad.tar"])
    }
  }

  @Test("zip members: traversal, drive-absolute names, symlinks and sockets are refused")
  func refusedZipMembers() throws {
    try Fixture.withTemporaryDirectory { directory in
      func zip(_ name: String, mode: String) throws -> String {
        try Self.build(
          directory, "bad.zip",
          """
          info = zipfile.ZipInfo(\(name))
          info.create_system = 3
          info.external_attr = \(mode) << 16
          with zipfile.ZipFile(out, 'w') as z: z.writestr(info, b'payload')
          """)
      }
      let cases: [(name: String, mode: String, expected: ArchiveError)] = [
        ("'../x.ged'", "0o100644", .unsafeMemberName(member: "../x.ged", problem: .escapesTree)),
        ("'C:/x.ged'", "0o100644", .unsafeMemberName(member: "C:/x.ged", problem: .absolute)),
        ("'link'", "0o120777", .unacceptableMemberType(member: "link", kind: .symbolicLink)),
        ("'sock'", "0o140644", .unacceptableMemberType(member: "sock", kind: .socket)),
      ]
      for (name, mode, expected) in cases {
        let path = try zip(name, mode: mode)
        #expect(Self.error(reading: path) == expected)
      }
    }
  }

  @Test("more members than the limit is an error; exactly the limit is fine")
  func tooManyEntries() throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = try Self.build(
        directory, "many.tar",
        "tar(out, [('d', tarfile.DIRTYPE, b'')]"
          + " + [(f'd/{i}', tarfile.REGTYPE, b'') for i in range(10)])"
      )
      #expect(
        Self.error(reading: path, limits: ArchiveLimits(maxEntries: 10))
          == .tooManyEntries(limit: 10))
      #expect(try readMembers(path, limits: ArchiveLimits(maxEntries: 11)).count == 10)
    }
  }

  @Test("a zip bomb by ratio is stopped early")
  func zipRatioBomb() throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = try Self.build(
        directory, "bomb.zip",
        """
        with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr('zeros.csv', bytes(64 << 20))
        """)
      let reader = try ArchiveReader(path: path, limits: ArchiveLimits())
      let error = archiveError { () throws(ArchiveError) in
        while try reader.nextEntry() != nil { _ = try drain(reader) }
      }
      guard case .compressionRatioExceeded = error else {
        Issue.record("expected a ratio error, got \(String(describing: error))")
        return
      }
      #expect(reader.uncompressedBytesRead < 2 << 20)
    }
  }

  @Test("a tar.gz bomb by size is stopped at the total limit, skipped members included")
  func sizeBomb() throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = try Self.build(
        directory, "big.tar.gz",
        "tar(out, [('a', tarfile.REGTYPE, rnd(700_000)),"
          + " ('b', tarfile.REGTYPE, rnd(700_000))], 'w:gz')"
      )
      let reader = try ArchiveReader(path: path, limits: ArchiveLimits(maxTotalBytes: 1 << 20))
      #expect(try reader.nextEntry()?.name == "a")
      #expect(try reader.nextEntry()?.name == "b")
      let error = archiveError { () throws(ArchiveError) in _ = try reader.nextEntry() }
      #expect(error == .totalSizeExceeded(limit: 1 << 20))
      #expect(reader.uncompressedBytesRead == (1 << 20) + 1)
    }
  }

  @Test("a member whose data is longer than its declared size is an error")
  func declaredSizeDisagrees() throws {
    try Fixture.withTemporaryDirectory { directory in
      // A deflated member of 1,000,000 bytes whose headers declare 5 uncompressed bytes.
      let path = try Self.build(
        directory, "liar.zip",
        """
        with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr('a.txt', rnd(1_000_000))
        d = bytearray(open(out, 'rb').read())
        d[22:26] = (5).to_bytes(4, 'little')
        c = d.index(b'PK\\x01\\x02')
        d[c + 24:c + 28] = (5).to_bytes(4, 'little')
        open(out, 'wb').write(d)
        """)
      let error = Self.error(reading: path)
      guard case .sizeMismatch(let member, let declared, let actual) = error else {
        Issue.record("expected a size mismatch, got \(String(describing: error))")
        return
      }
      #expect(member == "a.txt" && declared == 5 && actual > 5 && actual < 1_000_000)
    }
  }

  @Test(
    "truncated or corrupt zip, tar and tar.gz files are errors, quickly",
    arguments: [
      (
        "t.zip",
        "with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z: z.writestr('f', rnd(100_000))",
        "d[:len(d) // 2]"
      ),
      ("t.tar", "tar(out, [('f', tarfile.REGTYPE, rnd(100_000))])", "d[:50_000]"),
      ("t.tar.gz", "tar(out, [('f', tarfile.REGTYPE, rnd(100_000))], 'w:gz')", "d[:len(d) // 2]"),
      (
        "c.tar.gz", "tar(out, [('f', tarfile.REGTYPE, rnd(100_000))], 'w:gz')",
        "d[:1000] + bytes(x ^ 0xFF for x in d[1000:1100]) + d[1100:]"
      ),
      (
        "crc.tar.gz", "tar(out, [('f', tarfile.REGTYPE, rnd(100_000))], 'w:gz')",
        "d[:-8] + bytes([d[-8] ^ 1]) + d[-7:]"
      ),
      (
        "c.zip",
        "with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z: z.writestr('f', b'a' * 5000)",
        "d[:40] + bytes(10) + d[50:]"
      ),
    ])
  func truncatedOrCorrupt(name: String, build: String, mutation: String) throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = try Self.build(
        directory, name, build + "\nd = open(out, 'rb').read()\nopen(out, 'wb').write(\(mutation))")
      let start = ContinuousClock.now
      let error = Self.error(reading: path)
      if case .corruptGzip(let errorPath, let reason) = error, name.hasSuffix(".tar.gz") {
        #expect(errorPath == path && !reason.isEmpty)
        return
      }
      guard case .corruptArchive(let errorPath, let reason) = error else {
        Issue.record("\(name): expected a corrupt-archive error, got \(String(describing: error))")
        return
      }
      #expect(errorPath == path && !reason.isEmpty)
      #expect(ContinuousClock.now - start < .seconds(5))
    }
  }

  @Test("a plain or gzip-only file is not an archive")
  func notAnArchive() throws {
    try Fixture.withTemporaryDirectory { directory in
      let plain = try Self.build(directory, "a.tar", "open(out, 'w').write('0 HEAD\\n')")
      #expect(Self.error(reading: plain) == .notAnArchive(path: plain, format: .plain))
      let gzip = try Self.build(
        directory, "b.zip", "import gzip; open(out, 'wb').write(gzip.compress(b'text'))")
      #expect(Self.error(reading: gzip) == .notAnArchive(path: gzip, format: .gzip))
      #expect(
        Self.error(reading: gzip)?.description
          == "\(gzip) is not a zip or tar archive: its content is gzip data")
    }
  }
}

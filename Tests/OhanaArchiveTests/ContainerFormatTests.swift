import Foundation
import OhanaArchive
import Testing

@Suite("ContainerFormat")
struct ContainerFormatTests {
  /// Python programs writing `out` (a deliberately misleading file name), and the format.
  static let samples: [(program: String, format: ContainerFormat)] = [
    ("open(out, 'w').write('0 HEAD\\n0 TRLR\\n')", .plain),
    ("open(out, 'wb').write(b'')", .plain),
    ("open(out, 'wb').write(b'\\x1f')", .plain),
    ("open(out, 'wb').write(gzip.compress(b'id,name\\n'))", .gzip),
    ("open(out, 'wb').write(gzip.compress(gzip.compress(b'x')))", .gzip),
    ("add(out, 'w:gz')", .tarGzip),
    // An empty tar is only zero blocks: nothing marks it as a tar.
    ("tarfile.open(out, 'w:gz').close()", .gzip),
    ("z = zipfile.ZipFile(out, 'w'); z.writestr('a', 'b'); z.close()", .zip),
    ("zipfile.ZipFile(out, 'w').close()", .zip),
    ("tarfile.open(out, 'w', format=tarfile.GNU_FORMAT).close() or add(out)", .tar),
    ("tarfile.open(out, 'w').close() or add(out)", .tar),
    // Old-style (v7) tar: no magic, only a valid header checksum.
    (
      "add(out); d = bytearray(open(out, 'rb').read()); d[257:265] = bytes(8); "
        + "d[148:156] = b' ' * 8; d[148:155] = b'%06o\\0' % sum(d[:512]); "
        + "open(out, 'wb').write(d)", .tar
    ),
    // The same header with a wrong checksum is not a tar.
    (
      "add(out); d = bytearray(open(out, 'rb').read()); d[257:265] = bytes(8); "
        + "open(out, 'wb').write(d)", .plain
    ),
  ]

  @Test("formats are detected from content, never from the file name", arguments: samples)
  func detects(program: String, format: ContainerFormat) throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("input.ged").path
      try Fixture.python(
        """
        import gzip, io, sys, tarfile, zipfile
        out = sys.argv[1]
        def add(path, mode='w'):
            with tarfile.open(path, mode, format=tarfile.USTAR_FORMAT) as t:
                info = tarfile.TarInfo('f.ged'); info.size = 3
                t.addfile(info, io.BytesIO(b'abc'))
        \(program)
        """, path)
      #expect(try ContainerFormat.detect(path: path) == format)
    }
  }

  @Test("a missing file is an error")
  func missing() throws {
    try Fixture.withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("none").path
      #expect(
        archiveError { () throws(ArchiveError) in _ = try ContainerFormat.detect(path: path) }
          == .cannotOpen(path: path, reason: "No such file or directory"))
    }
  }
}

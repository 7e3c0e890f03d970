import Foundation
import OhanaFiles
import OhanaTestSupport
import Testing

@Suite("Reading whole files")
struct WholeFileTests {
  @Test(
    "A file is read whole, in one piece or in two",
    arguments: [0, 1, 4097, WholeFile.parallelBytes - 1, WholeFile.parallelBytes + 4099])
  func readsWholeFile(size: Int) throws {
    let directory = try TemporaryDirectory()
    // A pattern that does not repeat at page or half boundaries.
    let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
    let path = directory.file("data.bin")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(try WholeFile.read(path) == bytes)
  }

  @Test("A missing file, a folder or a device is refused with the system's reason")
  func refused() throws {
    let directory = try TemporaryDirectory()
    #expect(throws: FileSystemError("open", path: directory.file("missing"), code: ENOENT)) {
      try WholeFile.read(directory.file("missing"))
    }
    #expect(throws: FileSystemError("read", path: directory.path, code: EISDIR)) {
      try WholeFile.read(directory.path)
    }
    #expect(throws: FileSystemError("read", path: "/dev/null", code: EINVAL)) {
      try WholeFile.read("/dev/null")
    }
  }
}

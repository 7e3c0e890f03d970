import Foundation
import OhanaFiles
import OhanaTestSupport
import Testing

@Suite("Mapping files")
struct MappedFileTests {
  @Test("A file is mapped whole, and stays readable after it is unlinked", arguments: [0, 1, 4097, 3 << 20])
  func mapsWholeFile(size: Int) throws {
    let directory = try TemporaryDirectory()
    let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
    let path = directory.file("data.bin")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let file = try MappedFile(path)
    // The store may remove a file while it is read: the mapping keeps its pages.
    try FileManager.default.removeItem(atPath: path)
    #expect(Array(file.bytes) == bytes)
  }

  @Test("A missing file, a folder or a device is refused with the system's reason")
  func refused() throws {
    let directory = try TemporaryDirectory()
    #expect(throws: FileSystemError("open", path: directory.file("missing"), code: ENOENT)) {
      try MappedFile(directory.file("missing"))
    }
    #expect(throws: FileSystemError("read", path: directory.path, code: EISDIR)) {
      try MappedFile(directory.path)
    }
    #expect(throws: FileSystemError("read", path: "/dev/null", code: EINVAL)) {
      try MappedFile("/dev/null")
    }
  }
}

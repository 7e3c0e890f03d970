import Foundation
import OhanaFiles
import OhanaTestSupport
import Testing

@Suite struct OhanaFilesTests {
  @Test func durableWriteReplacesAtomicallyAndLeavesNoTemporaryFiles() throws {
    let directory = try TemporaryDirectory()
    let target = directory.file("manifest.json")
    try DurableFile.write("first\n", to: target)
    try DurableFile.write("second\n", to: target)
    #expect(try DurableFile.readText(target) == "second\n")
    #expect(try Directory.entries(of: directory.path) == ["manifest.json"])
  }

  @Test func writeIfChangedKeepsIdenticalFilesUntouched() throws {
    let directory = try TemporaryDirectory()
    let target = directory.file("a.json")
    #expect(try DurableFile.writeIfChanged(Array("x".utf8), to: target))
    let inode = try #require(try FileInfo.of(target)).inode
    #expect(try !DurableFile.writeIfChanged(Array("x".utf8), to: target))
    #expect(try #require(try FileInfo.of(target)).inode == inode)
    #expect(try DurableFile.writeIfChanged(Array("y".utf8), to: target))
    #expect(try #require(try FileInfo.of(target)).inode != inode)
  }

  @Test func commitIfAbsentNeverReplaces() throws {
    let directory = try TemporaryDirectory()
    let target = directory.file("blob")
    let first = try TemporaryFile(in: directory.path)
    try first.write(Array("one".utf8))
    #expect(try first.commitIfAbsent(to: target, readOnly: true))
    let second = try TemporaryFile(in: directory.path)
    try second.write(Array("two".utf8))
    #expect(try !second.commitIfAbsent(to: target, readOnly: true))
    #expect(try DurableFile.readText(target) == "one")
    #expect(try Directory.entries(of: directory.path) == ["blob"])
    let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
    #expect(mode == 0o444)
  }

  @Test func discardedTemporaryFilesVanish() throws {
    let directory = try TemporaryDirectory()
    do {
      let file = try TemporaryFile(in: directory.path)
      try file.write(Array("partial".utf8))
    }
    #expect(try Directory.entries(of: directory.path).isEmpty)
  }

  @Test func createMakesParentsAndIsIdempotent() throws {
    let directory = try TemporaryDirectory()
    let nested = directory.file("a/b/c")
    try Directory.create(nested)
    try Directory.create(nested)
    #expect(try FileInfo.of(nested)?.kind == .directory)
    try DurableFile.write("x", to: directory.file("plain"))
    #expect(throws: FileSystemError.self) { try Directory.create(directory.file("plain/sub")) }
  }

  @Test func fileInfoDoesNotFollowLinks() throws {
    let directory = try TemporaryDirectory()
    try DurableFile.write("x", to: directory.file("target"))
    try FileManager.default.createSymbolicLink(atPath: directory.file("link"), withDestinationPath: directory.file("target"))
    #expect(try FileInfo.of(directory.file("link"))?.kind == .symbolicLink)
    #expect(try FileInfo.of(directory.file("missing")) == nil)
    #expect(mkfifo(directory.file("fifo"), 0o644) == 0)
    #expect(try FileInfo.of(directory.file("fifo"))?.kind == .fifo)
    #expect(throws: FileSystemError.self) { try DurableFile.read(directory.file("link")) }
  }

  @Test func pathHelpers() {
    #expect(Path.join("a", "b", "c") == "a/b/c")
    #expect(Path.join("a/", "b") == "a/b")
    #expect(Path.parent(of: "/x/y/z") == "/x/y")
    #expect(Path.parent(of: "/x") == "/")
    #expect(Path.parent(of: "name") == ".")
    #expect(Path.name(of: "/x/y/") == "y")
  }

  @Test func errorsSayWhatFailedWhere() {
    let error = FileSystemError("rename", path: "/tmp/x", code: EXDEV)
    #expect(error.description == "rename /tmp/x failed: Invalid cross-device link")
  }

  @Test func lockIsExclusiveAcrossHolders() async throws {
    let directory = try TemporaryDirectory()
    let lockPath = directory.file("locks/registry.lock")
    let counter = directory.file("counter")
    try DurableFile.write("0", to: counter)
    await withTaskGroup(of: Void.self) { group in
      for _ in 0..<8 {
        group.addTask {
          for _ in 0..<25 {
            _ = try? FileLock.withLock(lockPath) {
              let value = Int(try DurableFile.readText(counter))!
              try DurableFile.write(String(value + 1), to: counter)
            }
          }
        }
      }
    }
    #expect(try DurableFile.readText(counter) == "200")
  }
}

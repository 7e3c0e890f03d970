import Foundation
import OhanaFiles
import OhanaStore
import OhanaTestSupport
import Testing

@Suite struct ContentStoreTests {
  // SHA-256 of "hello\n", as printed by `sha256sum`.
  let helloDigest = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"

  @Test func storesUnderTheShardedDigestReadOnly() throws {
    let directory = try TemporaryDirectory()
    let store = ContentStore(root: directory.path)
    let stored = try store.store(bytes: Array("hello\n".utf8))
    #expect(stored == StoredArtifact(sha256: helloDigest, size: 6, wasAlreadyStored: false))
    let path = directory.path + "/sha256/58/" + String(helloDigest.dropFirst(2))
    #expect(store.path(of: helloDigest) == path)
    #expect(try DurableFile.readText(path) == "hello\n")
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o444)
    #expect(try store.verify(helloDigest))
  }

  @Test func sameContentIsStoredOnce() throws {
    let directory = try TemporaryDirectory()
    let store = ContentStore(root: directory.path)
    _ = try store.store(bytes: Array("hello\n".utf8))
    let again = try store.store(bytes: Array("hello\n".utf8))
    #expect(again.wasAlreadyStored)
    #expect(try store.inventory().digests == [helloDigest])
    #expect(try Directory.entries(of: directory.path + "/.tmp").isEmpty)
  }

  @Test func streamingMatchesOneShotHashAcrossChunks() throws {
    let directory = try TemporaryDirectory()
    let store = ContentStore(root: directory.path)
    var bytes = [UInt8](repeating: 0, count: 3 * ContentStore.chunkSize + 17)
    for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 7) }
    var seen = 0
    var offset = 0
    let stored = try store.store(
      reading: { buffer in
        let count = min(buffer.count, bytes.count - offset, 100_000)
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + count])) }
        offset += count
        return count
      },
      observe: { seen += $0.count })
    #expect(seen == bytes.count)
    #expect(stored.sha256 == SHA256Hasher.hash(bytes))
    #expect(try store.read(stored.sha256) == bytes)
  }

  @Test func adoptMovesWithoutCopyingAndKeepsTheSource() throws {
    let directory = try TemporaryDirectory()
    let store = ContentStore(root: directory.path + "/artifacts")
    let source = directory.file("input.ged")
    try DurableFile.write("hello\n", to: source)
    let sourceInode = try #require(try FileInfo.of(source)).inode
    let stored = try store.adopt(fileAt: source)
    #expect(stored.sha256 == helloDigest)
    #expect(!stored.wasAlreadyStored)
    #expect(try FileInfo.of(store.path(of: helloDigest))?.inode == sourceInode)
    let second = directory.file("again.ged")
    try DurableFile.write("hello\n", to: second)
    #expect(try store.adopt(fileAt: second).wasAlreadyStored)
  }

  @Test func verifyDetectsAFlippedByte() throws {
    let directory = try TemporaryDirectory()
    let store = ContentStore(root: directory.path)
    let stored = try store.store(bytes: Array("hello\n".utf8))
    let path = store.path(of: stored.sha256)
    chmod(path, 0o644)
    try DurableFile.write("hellp\n", to: path)
    #expect(try !store.verify(stored.sha256))
  }

  @Test func inventoryReportsStrays() throws {
    let directory = try TemporaryDirectory()
    let store = ContentStore(root: directory.path)
    _ = try store.store(bytes: [1, 2, 3])
    try Directory.create(directory.path + "/sha256/zz")
    try DurableFile.write("x", to: directory.path + "/sha256/zz/not-a-digest")
    let (digests, strays) = try store.inventory()
    #expect(digests.count == 1)
    #expect(strays.count == 1)
  }

  @Test func hasherMatchesKnownVectors() {
    #expect(SHA256Hasher.hash([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256Hasher.hash(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256Hasher.isDigest(helloDigest))
    #expect(!SHA256Hasher.isDigest("ABC"))
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import OhanaFiles

/// Read-only, content-addressed files under `artifacts/sha256/<2 hex>/<62 hex>`.
///
/// Every byte is hashed once while it streams in; the same content is stored once. Files are
/// published with the durable protocol (fsync, atomic link, fsync folder) and mode 0444.
public struct ContentStore: Sendable {
  /// The `artifacts/` folder.
  public let root: String
  /// Size of the buffer used when streaming (1 MiB: large enough to keep SHA-256 at full speed).
  public static let chunkSize = 1 << 20

  public init(root: String) { self.root = root }

  /// The path where content with `sha256` is (or would be) stored.
  public func path(of sha256: String) -> String {
    let utf8 = Array(sha256.utf8)
    let shard = String(decoding: utf8[0..<2], as: UTF8.self)
    let rest = String(decoding: utf8[2...], as: UTF8.self)
    return Path.join(root, "sha256", shard, rest)
  }

  /// Whether content with `sha256` is stored.
  public func contains(_ sha256: String) -> Bool {
    guard SHA256Hasher.isDigest(sha256) else { return false }
    return (try? FileInfo.of(path(of: sha256)))??.kind == .regular
  }

  private var temporaryFolder: String { Path.join(root, ".tmp") }

  /// Streams bytes from `read` (which fills the buffer and returns the count, 0 at the end)
  /// into the store. `observe` sees every chunk, so callers can inspect content in the same pass.
  public func store(
    reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
    observe: (UnsafeRawBufferPointer) throws -> Void = { _ in }
  ) throws -> StoredArtifact {
    try Directory.create(temporaryFolder)
    let file = try TemporaryFile(in: temporaryFolder)
    defer { file.discard() }
    var hasher = SHA256Hasher()
    var size: Int64 = 0
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
    defer { buffer.deallocate() }
    while true {
      let count = try read(buffer)
      if count == 0 { break }
      let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
      hasher.update(chunk)
      try observe(chunk)
      try file.write(chunk)
      size += Int64(count)
    }
    let digest = hasher.finalize()
    let destination = path(of: digest)
    try Directory.create(Path.parent(of: destination))
    let published = try file.commitIfAbsent(to: destination, readOnly: true)
    return StoredArtifact(sha256: digest, size: size, wasAlreadyStored: !published)
  }

  /// Stores `bytes` (small artifacts such as graphs and models).
  public func store(bytes: [UInt8]) throws -> StoredArtifact {
    var offset = 0
    return try store(reading: { buffer in
      let count = min(buffer.count, bytes.count - offset)
      bytes.withUnsafeBytes { source in
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
      }
      offset += count
      return count
    })
  }

  /// Stores the regular file at `source` without copying it: the file is hashed in one pass,
  /// made read-only and durable, then hard-linked into place. The source name stays for the
  /// caller to remove once the outcome is recorded. Falls back to a streamed copy when the file
  /// is on another file system.
  public func adopt(
    fileAt source: String, observe: (UnsafeRawBufferPointer) throws -> Void = { _ in }
  ) throws -> StoredArtifact {
    let descriptor = open(source, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard descriptor >= 0 else { throw StoreError.fileSystem(FileSystemError("open", path: source)) }
    defer { close(descriptor) }
    let (digest, size) = try Self.hash(descriptor: descriptor, path: source, observe: observe)
    let destination = path(of: digest)
    if contains(digest) { return StoredArtifact(sha256: digest, size: size, wasAlreadyStored: true) }
    guard fchmod(descriptor, 0o444) == 0 else {
      throw StoreError.fileSystem(FileSystemError("chmod", path: source))
    }
    guard fsync(descriptor) == 0 else {
      throw StoreError.fileSystem(FileSystemError("fsync", path: source))
    }
    try Directory.create(Path.parent(of: destination))
    if link(source, destination) != 0 {
      let code = errno
      if code == EEXIST { return StoredArtifact(sha256: digest, size: size, wasAlreadyStored: true) }
      guard code == EXDEV else {
        throw StoreError.fileSystem(FileSystemError("link", path: destination, code: code))
      }
      return try copy(descriptor: descriptor, expecting: digest)
    }
    try Directory.sync(Path.parent(of: destination))
    return StoredArtifact(sha256: digest, size: size, wasAlreadyStored: false)
  }

  private func copy(descriptor: Int32, expecting digest: String) throws -> StoredArtifact {
    guard lseek(descriptor, 0, SEEK_SET) == 0 else {
      throw StoreError.fileSystem(FileSystemError("seek", path: path(of: digest)))
    }
    let stored = try store(reading: { buffer in
      while true {
        let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
        if count >= 0 { return count }
        if errno != EINTR { throw StoreError.fileSystem(FileSystemError("read", path: "input")) }
      }
    })
    guard stored.sha256 == digest else {
      throw StoreError.input("the input changed while it was being stored")
    }
    return stored
  }

  /// Re-hashes the stored file for `sha256`; `true` when its content still matches its name.
  public func verify(_ sha256: String) throws -> Bool {
    let descriptor = open(path(of: sha256), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard descriptor >= 0 else {
      throw StoreError.fileSystem(FileSystemError("open", path: path(of: sha256)))
    }
    defer { close(descriptor) }
    return try Self.hash(descriptor: descriptor, path: path(of: sha256)).digest == sha256
  }

  /// Reads an open file to its end, hashing every byte once; `observe` sees each chunk.
  private static func hash(
    descriptor: Int32, path: String, observe: (UnsafeRawBufferPointer) throws -> Void = { _ in }
  ) throws -> (digest: String, size: Int64) {
    var hasher = SHA256Hasher()
    var size: Int64 = 0
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    defer { buffer.deallocate() }
    while true {
      let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
      if count < 0 {
        if errno == EINTR { continue }
        throw StoreError.fileSystem(FileSystemError("read", path: path))
      }
      if count == 0 { return (hasher.finalize(), size) }
      let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
      hasher.update(chunk)
      try observe(chunk)
      size += Int64(count)
    }
  }

  /// The digests of every stored artifact, and the names under `sha256/` that are not artifacts.
  public func inventory() throws -> (digests: [String], strays: [String]) {
    var digests: [String] = []
    var strays: [String] = []
    let base = Path.join(root, "sha256")
    for shard in (try Directory.entries(of: base)) {
      let shardPath = Path.join(base, shard)
      guard shard.utf8.count == 2, (try FileInfo.of(shardPath))?.kind == .directory else {
        strays.append(shardPath)
        continue
      }
      for rest in (try Directory.entries(of: shardPath)) {
        let digest = shard + rest
        let info = try FileInfo.of(Path.join(shardPath, rest))
        if SHA256Hasher.isDigest(digest) && info?.kind == .regular {
          digests.append(digest)
        } else {
          strays.append(Path.join(shardPath, rest))
        }
      }
    }
    return (digests, strays)
  }

  /// The whole content of an artifact.
  public func read(_ sha256: String) throws -> [UInt8] {
    try DurableFile.read(path(of: sha256))
  }
}


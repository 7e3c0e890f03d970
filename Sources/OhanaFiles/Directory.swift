#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Directory operations: listing, creating durably, and flushing entries to disk.
public enum Directory {
  /// The entry names of `path` (without `.` and `..`), sorted by their bytes so scans are
  /// deterministic. A missing directory lists as empty.
  public static func entries(of path: String) throws(FileSystemError) -> [String] {
    guard let handle = opendir(path) else {
      if errno == ENOENT { return [] }
      throw FileSystemError("opendir", path: path)
    }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
        pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  /// Creates `path` and any missing parents. Each directory created is made durable by
  /// syncing its parent, so a crash cannot forget a folder a later rename relies on.
  public static func create(_ path: String, mode: mode_t = 0o755) throws(FileSystemError) {
    if let info = try FileInfo.of(path) {
      guard info.kind == .directory else { throw FileSystemError("mkdir", path: path, code: ENOTDIR) }
      return
    }
    let parent = Path.parent(of: path)
    if parent != path { try create(parent, mode: mode) }
    if mkdir(path, mode) != 0 && errno != EEXIST { throw FileSystemError("mkdir", path: path) }
    try sync(parent)
  }

  /// Flushes the directory's entries (names created, renamed or removed) to stable storage.
  public static func sync(_ path: String) throws(FileSystemError) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw FileSystemError("open", path: path) }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 else { throw FileSystemError("fsync", path: path) }
  }
}

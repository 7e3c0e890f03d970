#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `lstat` says of a path, without following a final symbolic link.
public struct FileInfo: Sendable, Equatable {
  /// The kinds of directory entries Ohana distinguishes.
  public enum Kind: String, Sendable {
    case regular, directory, symbolicLink, fifo, characterDevice, blockDevice, socket, unknown
  }

  public let kind: Kind
  public let size: Int64
  /// Modification time in seconds since the epoch (with nanoseconds).
  public let modificationTime: Double
  public let device: UInt64
  public let inode: UInt64

  /// The information of `path`, or `nil` when it does not exist.
  public static func of(_ path: String) throws(FileSystemError) -> FileInfo? {
    var status = stat()
    guard lstat(path, &status) == 0 else {
      if errno == ENOENT || errno == ENOTDIR { return nil }
      throw FileSystemError("lstat", path: path)
    }
    return FileInfo(status)
  }

  init(_ status: stat) {
    switch status.st_mode & S_IFMT {
    case S_IFREG: kind = .regular
    case S_IFDIR: kind = .directory
    case S_IFLNK: kind = .symbolicLink
    case S_IFIFO: kind = .fifo
    case S_IFCHR: kind = .characterDevice
    case S_IFBLK: kind = .blockDevice
    case S_IFSOCK: kind = .socket
    default: kind = .unknown
    }
    size = Int64(status.st_size)
    modificationTime = Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
    device = UInt64(status.st_dev)
    inode = UInt64(status.st_ino)
  }
}

/// The kinds of archive member that are refused because they are not regular files.
public enum MemberKind: String, Sendable, Equatable {
  /// A symbolic link (could point anywhere).
  case symbolicLink
  /// A hard link to another path.
  case hardLink
  /// A named pipe.
  case fifo
  /// A character device node.
  case characterDevice
  /// A block device node.
  case blockDevice
  /// A Unix-domain socket.
  case socket
  /// A file type libarchive does not name.
  case unknown

  /// The kind in words, and why it is refused, completing "archive member X is ...".
  var refusal: String {
    switch self {
    case .symbolicLink: "a symbolic link; links are not accepted"
    case .hardLink: "a hard link; links are not accepted"
    case .fifo: "a FIFO (named pipe); only regular files are accepted"
    case .characterDevice: "a character device; only regular files are accepted"
    case .blockDevice: "a block device; only regular files are accepted"
    case .socket: "a socket; only regular files are accepted"
    case .unknown: "of an unknown file type; only regular files are accepted"
    }
  }
}

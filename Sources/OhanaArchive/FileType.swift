/// The file-type bits of a member's mode, as libarchive reports them. The `AE_IF*` macros are
/// casts, which Swift does not import, so the POSIX values are spelled out here.
enum FileType {
  static let mask: UInt32 = 0o170000
  static let regular: UInt32 = 0o100000
  static let directory: UInt32 = 0o040000
  static let symbolicLink: UInt32 = 0o120000
  static let socket: UInt32 = 0o140000
  static let characterDevice: UInt32 = 0o020000
  static let blockDevice: UInt32 = 0o060000
  static let fifo: UInt32 = 0o010000

  /// The kind a non-regular, non-directory type is refused as; `nil` for a regular file.
  static func refusedKind(_ type: UInt32) -> MemberKind? {
    switch type {
    case regular: nil
    case symbolicLink: .symbolicLink
    case socket: .socket
    case characterDevice: .characterDevice
    case blockDevice: .blockDevice
    case fifo: .fifo
    default: .unknown
    }
  }
}

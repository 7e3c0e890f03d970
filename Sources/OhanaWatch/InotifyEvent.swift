import Glibc

/// One record of the inotify byte stream: the fixed `inotify_event` header followed by `len`
/// bytes holding the entry name, NUL-terminated and NUL-padded for alignment.
///
/// Swift does not import the header's flexible `name` member, so names are read from the raw
/// bytes that follow the header.
struct InotifyEvent: Equatable, Sendable {
  /// The watch the event belongs to; -1 for `IN_Q_OVERFLOW`.
  var watchDescriptor: Int32
  /// The `IN_*` bits describing what happened.
  var mask: UInt32
  /// Pairs the `IN_MOVED_FROM` and `IN_MOVED_TO` halves of one rename.
  var cookie: UInt32
  /// The entry inside the watched folder, without padding; nil for events about the folder
  /// itself or the queue. Bytes that are not UTF-8 are replaced by U+FFFD.
  var name: String?

  /// The size of the fixed header; the name starts right after it.
  static let headerSize = MemoryLayout<inotify_event>.size

  /// Decodes every complete record in `bytes`. The kernel never splits a record across reads,
  /// so a trailing partial record can only come from a damaged buffer and is dropped.
  static func decode(_ bytes: UnsafeRawBufferPointer) -> [InotifyEvent] {
    var events: [InotifyEvent] = []
    var offset = 0
    while bytes.count - offset >= headerSize {
      let header = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
      let nameStart = offset + headerSize
      let nameLength = Int(header.len)
      guard nameLength <= bytes.count - nameStart else { break }
      let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[nameStart..<nameStart + nameLength])
      events.append(
        InotifyEvent(
          watchDescriptor: header.wd, mask: header.mask, cookie: header.cookie,
          name: name(in: nameBytes)))
      offset = nameStart + nameLength
    }
    return events
  }

  /// The bytes before the first NUL as a string, or nil when there are none.
  private static func name(in padded: UnsafeRawBufferPointer) -> String? {
    let end = padded.firstIndex(of: 0) ?? padded.count
    guard end > 0 else { return nil }
    return String(decoding: UnsafeRawBufferPointer(rebasing: padded[..<end]), as: UTF8.self)
  }

  /// Whether `flag` (an `IN_*` constant) is set.
  func has(_ flag: Int32) -> Bool { mask & UInt32(bitPattern: flag) != 0 }
}

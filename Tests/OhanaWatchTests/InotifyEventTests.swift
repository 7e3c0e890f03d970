import Glibc
import Testing

@testable import OhanaWatch

/// One event to lay out: `name` is NUL-padded to `nameLength` bytes.
private typealias RawEvent = (wd: Int32, mask: Int32, cookie: UInt32, name: String, nameLength: Int)

/// Lays out events as the kernel does: the fixed header, then the padded name.
private func encode(_ events: [RawEvent]) -> [UInt8] {
  var bytes: [UInt8] = []
  for event in events {
    var header = inotify_event()
    header.wd = event.wd
    header.mask = UInt32(bitPattern: event.mask)
    header.cookie = event.cookie
    header.len = UInt32(event.nameLength)
    withUnsafeBytes(of: header) { bytes += $0 }
    let name = Array(event.name.utf8)
    bytes += name + Array(repeating: 0, count: event.nameLength - name.count)
  }
  return bytes
}

@Suite("InotifyEvent decoding")
struct InotifyEventTests {
  @Test("names lose their padding, overflow has no name, a trailing partial header is dropped")
  func decodesPaddedNamesAndOverflow() {
    var bytes = encode([
      (wd: 1, mask: IN_CLOSE_WRITE, cookie: 0, name: "a.ged", nameLength: 16),
      (wd: -1, mask: IN_Q_OVERFLOW, cookie: 0, name: "", nameLength: 0),
      (wd: 2, mask: IN_MOVED_TO | IN_ISDIR, cookie: 77, name: "batch", nameLength: 32),
      (wd: 3, mask: IN_CLOSE_WRITE, cookie: 0, name: "exactly-16-bytes", nameLength: 16),
    ])
    bytes += [1, 0, 0, 0, 2, 0]
    let events = bytes.withUnsafeBytes { InotifyEvent.decode($0) }
    #expect(
      events == [
        InotifyEvent(watchDescriptor: 1, mask: UInt32(IN_CLOSE_WRITE), cookie: 0, name: "a.ged"),
        InotifyEvent(watchDescriptor: -1, mask: UInt32(IN_Q_OVERFLOW), cookie: 0, name: nil),
        InotifyEvent(
          watchDescriptor: 2, mask: UInt32(IN_MOVED_TO | IN_ISDIR), cookie: 77, name: "batch"),
        InotifyEvent(
          watchDescriptor: 3, mask: UInt32(IN_CLOSE_WRITE), cookie: 0, name: "exactly-16-bytes"),
      ])
    #expect(events[1].has(IN_Q_OVERFLOW))
    #expect(events[2].has(IN_ISDIR) && !events[2].has(IN_CREATE))
  }

  @Test("an event whose name runs past the buffer is dropped")
  func truncatedNameIsDropped() {
    var bytes = encode([(wd: 4, mask: IN_CREATE, cookie: 0, name: "complete", nameLength: 16)])
    let whole = encode([(wd: 5, mask: IN_CREATE, cookie: 0, name: "cut-off", nameLength: 32)])
    bytes += whole.prefix(InotifyEvent.headerSize + 8)
    let events = bytes.withUnsafeBytes { InotifyEvent.decode($0) }
    #expect(events.map(\.name) == ["complete"])
  }

  @Test("the header size is the kernel's 16 bytes and an empty buffer holds no events")
  func headerSizeAndEmptyBuffer() {
    #expect(InotifyEvent.headerSize == 16)
    #expect([UInt8]().withUnsafeBytes { InotifyEvent.decode($0) }.isEmpty)
  }
}

/// A pull-based byte stream.
///
/// Readers are used by one thread at a time; they hold C library state and are not `Sendable`.
public protocol ByteSource: AnyObject {
  /// Fills the start of `buffer` with the next bytes and returns how many were written;
  /// returns 0 at the end of the stream. May return fewer bytes than the buffer holds.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(ArchiveError) -> Int
}

/// Counts gathered from a dataset's bytes in the same pass that hashes them: lines and the
/// longest line. Enforces the line-length limit.
struct TextStatistics {
  let maxLineBytes: Int
  private(set) var lines = 0
  private(set) var longestLine = 0
  private var currentLine = 0
  /// LF, or CR for files whose lines end in a bare CR (old Mac exports), decided on the first
  /// line ending seen.
  private var newlineByte: UInt8?

  init(maxLineBytes: Int) { self.maxLineBytes = maxLineBytes }

  /// Feeds one chunk. Throws when a line grows longer than the limit.
  mutating func observe(_ chunk: UnsafeRawBufferPointer) throws(InputRejection) {
    var start = 0
    let count = chunk.count
    if newlineByte == nil, let first = chunk.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
      let bareCR = chunk[first] == 0x0D && first + 1 < count && chunk[first + 1] != 0x0A
      newlineByte = bareCR ? 0x0D : 0x0A
    }
    while start < count {
      guard let newline = Self.index(of: newlineByte ?? 0x0A, in: chunk, from: start) else {
        let length = count - start
        currentLine += length
        try check()
        return
      }
      currentLine += newline - start
      try check()
      lines += 1
      longestLine = max(longestLine, currentLine)
      currentLine = 0
      start = newline + 1
    }
  }

  /// Completes the counts at the end of the stream (a last line without a newline counts).
  mutating func finish() {
    if currentLine > 0 {
      lines += 1
      longestLine = max(longestLine, currentLine)
      currentLine = 0
    }
  }

  private func check() throws(InputRejection) {
    if currentLine > maxLineBytes {
      throw InputRejection("line \(lines + 1) is longer than the limit of \(maxLineBytes) bytes")
    }
  }

  private static func index(of byte: UInt8, in chunk: UnsafeRawBufferPointer, from start: Int) -> Int? {
    guard let base = chunk.baseAddress, start < chunk.count else { return nil }
    guard let found = memchr(base + start, Int32(byte), chunk.count - start) else { return nil }
    return base.distance(to: UnsafeRawPointer(found))
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

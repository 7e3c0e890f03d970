import Foundation

/// Reads a whole file into memory with plain POSIX calls.
enum FileBytes {
  static func read(_ path: String) throws(TabularError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw TabularError("cannot open \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw TabularError("cannot read \(path): \(String(cString: strerror(errno)))")
    }
    guard status.st_mode & S_IFMT == S_IFREG else {
      throw TabularError("cannot read \(path): not a regular file")
    }
    let size = Int(status.st_size)
    var failure: Int32 = 0
    // Not zero-filled first: every byte is read over.
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      guard let base = buffer.baseAddress else { return }
      var filled = 0
      while filled < size {
        let got = Foundation.read(descriptor, base + filled, size - filled)
        if got < 0 {
          if errno == EINTR { continue }
          failure = errno
          break
        }
        if got == 0 { break }
        filled += got
      }
      initialized = filled
    }
    if failure != 0 { throw TabularError("cannot read \(path): \(String(cString: strerror(failure)))") }
    return bytes
  }
}

import OhanaFiles

/// A document's UTF-8 text: bytes in memory, or a stored file mapped as it is (when it needs
/// no transcoding), held as long as the document reads records from it.
struct GEDCOMText: Sendable {
  private let array: [UInt8]
  private let mapping: MappedFile?

  init(_ bytes: [UInt8]) {
    array = bytes
    mapping = nil
  }

  init(_ file: MappedFile) {
    array = []
    mapping = file
  }

  /// Number of bytes.
  var count: Int { mapping?.bytes.count ?? array.count }

  /// Calls `body` with the bytes, valid during the call only.
  func withUnsafeBytes<Result, Failure: Error>(
    _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    if let mapping { return try body(mapping.bytes) }
    let result = array.withUnsafeBytes { bytes -> Swift.Result<Result, Failure> in
      do throws(Failure) { return .success(try body(bytes)) } catch { return .failure(error) }
    }
    return try result.get()
  }
}

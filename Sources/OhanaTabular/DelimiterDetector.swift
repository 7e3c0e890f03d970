/// Picks the field delimiter of a CSV file from its first records.
enum DelimiterDetector {
  static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 9, UInt8(ascii: "|")]
  /// Records looked at.
  static let sampleRecords = 20
  /// Bytes looked at (a record cut by this limit is not counted).
  static let sampleBytes = 1 << 16

  /// The candidate that splits the header into more than one field and the most sampled records
  /// into as many fields as the header; among equals, the one giving more fields, then the
  /// earlier candidate. Comma when none splits the header.
  static func detect(_ text: UnsafeBufferPointer<UInt8>, start: Int) -> UInt8 {
    let sample = UnsafeBufferPointer(rebasing: text[..<min(text.count, start + sampleBytes)])
    let truncated = sample.count < text.count
    var best: (delimiter: UInt8, consistent: Int, fields: Int) = (UInt8(ascii: ","), 0, 1)
    var fields: [CellSpan] = []
    for candidate in candidates {
      var tokenizer = CSVTokenizer(sample, delimiter: candidate, start: start, line: 1)
      var header = 0
      var consistent = 0
      var seen = 0
      while seen < sampleRecords, let record = tokenizer.next(into: &fields) {
        if truncated && tokenizer.position >= sample.count { break }
        if record.isBlank { continue }
        if header == 0 {
          header = fields.count
        } else if fields.count == header {
          consistent += 1
        }
        seen += 1
      }
      guard header > 1 else { continue }
      if consistent > best.consistent || (consistent == best.consistent && header > best.fields) {
        best = (candidate, consistent, header)
      }
    }
    return best.delimiter
  }
}

import OhanaDates
import Testing

@testable import OhanaGEDCOM

@Suite("Date summaries read once per value")
struct DateCacheTests {
  @Test("The cache gives what parsing gives, for repeated, colliding and long values")
  func sameAsParsing() {
    var cache = DateCache()
    // Thousands of distinct values (more than share a slot), each asked for three times,
    // with values past sixteen bytes that are never kept.
    var values = [
      "", "ABT 1850", "BET 1850 AND 1860", "FROM 1 JAN 1900 TO 3 MAR 1901", "not a date", "@#DJULIAN@ 1700",
    ]
    for year in 1500..<2020 {
      values += ["\(year)", "1 JAN \(year)", "EST \(year)", "\(year % 28 + 1) MAR \(year)"]
    }
    for _ in 0..<3 {
      for value in values {
        var bytes = Array(value.utf8)
        let cached = bytes.withUnsafeMutableBytes { cache.summary(UnsafeRawBufferPointer($0)) }
        let parsed = bytes.withUnsafeMutableBytes { GEDCOMDate.summary(parsing: UnsafeRawBufferPointer($0)) }
        #expect(cached == parsed, "\(value)")
      }
    }
  }
}

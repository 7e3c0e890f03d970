import Testing

@testable import OhanaDates

@Suite("Comparing day ranges")
struct DayRangeTests {
  private func range(_ text: String) throws -> DayRange {
    try #require(GEDCOMDate(parsing: text).range, "\(text) should have a range")
  }

  @Test("Exact dates order by day")
  func exactDates() throws {
    let first = try range("1 JAN 1900")
    let second = try range("2 JAN 1900")
    #expect(first.isCertainlyBefore(second))
    #expect(!second.isCertainlyBefore(first))
    #expect(!first.overlaps(second))
    #expect(first.overlaps(first))
  }

  @Test("Coarser dates contain finer ones")
  func precisionContainment() throws {
    let year = try range("1900")
    let month = try range("JUN 1900")
    let day = try range("15 JUN 1900")
    #expect(year.overlaps(month) && month.overlaps(day) && year.overlaps(day))
    #expect(!year.isCertainlyBefore(day) && !day.isCertainlyBefore(year))
    #expect(try range("1899").isCertainlyBefore(day))
  }

  @Test("Approximate dates overlap their neighbourhood but not distant years")
  func approximations() throws {
    let about = try range("ABT 1900")
    #expect(about.overlaps(try range("1902")))
    #expect(try range("1897").isCertainlyBefore(about))
    let calculated = try range("CAL 1900")
    #expect(calculated.overlaps(try range("1901")))
    #expect(!calculated.overlaps(try range("1902")))
  }

  @Test("Open ranges compare with everything on their bounded side")
  func openRanges() throws {
    let before = try range("BEF 1900")
    let after = try range("AFT 1900")
    #expect(before.isCertainlyBefore(after))
    #expect(before.isCertainlyBefore(try range("1900")))
    #expect(try range("1900").isCertainlyBefore(after))
    #expect(before.overlaps(try range("1 JAN 1 BC")))
    #expect(after.overlaps(try range("FROM 2500")))
    let until = try range("TO 1899")
    #expect(!until.overlaps(try range("FROM 1900")))
    #expect(try range("BET 1890 AND 1895").isCertainlyBefore(try range("FROM 1896 TO 1897")))
  }

  @Test("Dates in different calendars compare on the same day line")
  func acrossCalendars() throws {
    let julian = try range("@#DJULIAN@ 4 OCT 1582")
    let gregorian = try range("15 OCT 1582")
    #expect(julian.isCertainlyBefore(gregorian))
    #expect(gregorian.earliest - julian.latest == 1)
    #expect(try range("@#DHEBREW@ 1 TSH 5760") == (try range("11 SEP 1999")))
    #expect(try range("@#DFRENCH R@ 1 VEND 1").overlaps(try range("SEP 1792")))
  }

  @Test("Midpoints of bounded ranges and years of the ends")
  func midpointAndYears() throws {
    let year = try range("2000")
    #expect(year.midpoint == year.earliest + (year.latest - year.earliest) / 2)
    #expect(try range("1 JAN 2000").midpoint == 2_451_545)
    #expect(try range("BEF 1900").midpoint == nil)
    #expect(try range("AFT 1900").midpoint == nil)
    let span = try range("BET 1890 AND 1895").yearRange
    #expect(span.earliest == 1890 && span.latest == 1895)
    let before = try range("BEF 1900").yearRange
    #expect(before.earliest == nil && before.latest == 1899)
    let after = try range("AFT 1900").yearRange
    #expect(after.earliest == 1901 && after.latest == nil)
  }

  @Test("Widening never reaches the values that mean open")
  func saturation() {
    let nearMinimum = DayRange(earliest: .min + 3, latest: .max - 3).widened(by: 730)
    #expect(nearMinimum.earliest == Int32.min + 1)
    #expect(nearMinimum.latest == Int32.max - 1)
    let open = DayRange(earliest: .min, latest: .max).widened(by: 730)
    #expect(open.isOpenAtStart && open.isOpenAtEnd)
  }
}

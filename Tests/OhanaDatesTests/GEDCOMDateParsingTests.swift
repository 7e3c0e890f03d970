import Testing

@testable import OhanaDates

@Suite("GEDCOM date grammar")
struct GEDCOMDateParsingTests {
  @Test("Exact dates to the day, month and year")
  func exactDates() {
    let day = GEDCOMDate(parsing: "2 JAN 1900")
    #expect(day.kind == .exact)
    #expect(day.calendar == .gregorian)
    #expect(day.precision == .day)
    #expect(day.range == DayRange(day: gregorian(1900, 1, 2)))
    #expect(day.problems.isEmpty)
    #expect(day.phrase == nil)

    let month = GEDCOMDate(parsing: "FEB 1900")
    #expect(month.precision == .month)
    #expect(month.range == days((1900, 2, 1), (1900, 2, 28)))
    #expect(GEDCOMDate(parsing: "FEB 2000").range == days((2000, 2, 1), (2000, 2, 29)))

    let year = GEDCOMDate(parsing: "1900")
    #expect(year.precision == .year)
    #expect(year.range == days((1900, 1, 1), (1900, 12, 31)))
  }

  @Test(
    "Case, spacing, leading zeros and full month names do not change the date",
    arguments: ["2 JAN 1900", "2 jan 1900", "  02   Jan  1900  ", "2 January 1900", "02 JAN 01900"])
  func lenientSpelling(text: String) {
    let date = GEDCOMDate(parsing: text)
    #expect(date.kind == .exact)
    #expect(date.range == DayRange(day: gregorian(1900, 1, 2)))
    #expect(date.text == text)
    #expect(date.problems.isEmpty)
  }

  @Test("The String and UTF-8 byte forms give the same result")
  func bytesMatchString() {
    let texts = ["ABT 2 JAN 1900", "INT 1900 (maybe)", "nonsense ☃", "", "@#DHEBREW@ 1 TSH 5760"]
    for text in texts {
      var copy = text
      let fromBytes = copy.withUTF8 { GEDCOMDate(parsing: UnsafeRawBufferPointer($0)) }
      #expect(fromBytes == GEDCOMDate(parsing: text))
    }
  }

  @Test(
    "The summary gives the range and precision of the full parse, and whether it has problems",
    arguments: [
      "2 JAN 1900", "ABT 1900", "BET 1900 AND 1800", "31 FEB 1900", "INT 1900 (maybe)", "(a phrase)", "(unclosed",
      "nonsense ☃", "", "@#DROMAN@ 1900", "@#DHEBREW@ 1 TSH 5760", "8 JAN 1699/00", "FROM 1900 TO 1910", "2 NOV 1850 IF",
    ])
  func summary(text: String) {
    let full = GEDCOMDate(parsing: text)
    var bytes = text
    let summary = bytes.withUTF8 { GEDCOMDate.summary(parsing: UnsafeRawBufferPointer($0)) }
    #expect(summary.range == full.range)
    #expect(summary.precision == full.precision)
    #expect(summary.hasProblems == !full.problems.isEmpty)
  }

  @Test("A day that is not in its month falls back to the month with a problem")
  func invalidDay() {
    let date = GEDCOMDate(parsing: "31 FEB 1900")
    #expect(date.kind == .exact)
    #expect(date.precision == .month)
    #expect(date.range == days((1900, 2, 1), (1900, 2, 28)))
    #expect(date.problems == ["day 31 is not in February 1900"])
    #expect(GEDCOMDate(parsing: "29 FEB 1900").problems == ["day 29 is not in February 1900"])
    #expect(GEDCOMDate(parsing: "29 FEB 2000").problems.isEmpty)
    #expect(GEDCOMDate(parsing: "0 MAR 1900").precision == .month)
    #expect(GEDCOMDate(parsing: "29 FEB 1900").calendar == .gregorian)
    // 1900 is a leap year in the Julian calendar.
    #expect(GEDCOMDate(parsing: "@#DJULIAN@ 29 FEB 1900").precision == .day)
  }

  @Test("ABT, CAL and EST widen the span by their documented tolerances")
  func approximations() {
    let year = days((1900, 1, 1), (1900, 12, 31))
    let about = GEDCOMDate(parsing: "ABT 1900")
    #expect(about.kind == .about)
    #expect(about.precision == .year)
    #expect(about.range == DayRange(earliest: year.earliest - 730, latest: year.latest + 730))
    let calculated = GEDCOMDate(parsing: "CAL 1900")
    #expect(calculated.kind == .calculated)
    #expect(
      calculated.range == DayRange(earliest: year.earliest - 365, latest: year.latest + 365))
    let estimated = GEDCOMDate(parsing: "EST 1900")
    #expect(estimated.kind == .estimated)
    #expect(estimated.range == about.range)
    #expect(GEDCOMDate.toleranceDays(for: .exact) == 0)
  }

  @Test(
    "Vendor spellings of about",
    arguments: [
      "ABOUT 1900", "Abt. 1900", "circa 1900", "ca 1900", "ca. 1900", "c. 1900", "c1900",
      "1900?", "approx 1900",
    ])
  func aboutVariants(text: String) {
    let date = GEDCOMDate(parsing: text)
    #expect(date.kind == .about)
    #expect(date.range == GEDCOMDate(parsing: "ABT 1900").range)
    #expect(date.problems.isEmpty)
  }

  @Test("BEF and AFT are open on one side")
  func beforeAndAfter() {
    let before = GEDCOMDate(parsing: "BEF 2 JAN 1900")
    #expect(before.kind == .before)
    #expect(before.range == DayRange(earliest: .min, latest: gregorian(1900, 1, 1)))
    #expect(before.range?.isOpenAtStart == true)
    let after = GEDCOMDate(parsing: "AFT JAN 1900")
    #expect(after.kind == .after)
    #expect(after.range == DayRange(earliest: gregorian(1900, 2, 1), latest: .max))
    #expect(GEDCOMDate(parsing: "Before 1900").kind == .before)
    #expect(GEDCOMDate(parsing: "after 1900").kind == .after)
  }

  @Test("BET A AND B and FROM A TO B run from the start of A to the end of B")
  func rangesAndPeriods() {
    let between = GEDCOMDate(parsing: "BET 1900 AND MAR 1905")
    #expect(between.kind == .between)
    #expect(between.precision == .year)
    #expect(between.range == days((1900, 1, 1), (1905, 3, 31)))
    let fromTo = GEDCOMDate(parsing: "FROM 2 JAN 1900 TO 1905")
    #expect(fromTo.kind == .fromTo)
    #expect(fromTo.range == days((1900, 1, 2), (1905, 12, 31)))
    let from = GEDCOMDate(parsing: "FROM 1900")
    #expect(from.kind == .from)
    #expect(from.range == DayRange(earliest: gregorian(1900, 1, 1), latest: .max))
    let to = GEDCOMDate(parsing: "TO 1900")
    #expect(to.kind == .to)
    #expect(to.range == DayRange(earliest: .min, latest: gregorian(1900, 12, 31)))
    // Vendor forms: periods after keywords, hyphens for AND, and a bare "A - B".
    #expect(GEDCOMDate(parsing: "BET. 1881 - 1885").range == days((1881, 1, 1), (1885, 12, 31)))
    let bare = GEDCOMDate(parsing: "1881 - 1885")
    #expect(bare.kind == .between)
    #expect(bare.range == days((1881, 1, 1), (1885, 12, 31)))
    #expect(GEDCOMDate(parsing: "Bet 1900 and 1905").kind == .between)
  }

  @Test("A range written backwards is swapped with a problem")
  func reversedRange() {
    let date = GEDCOMDate(parsing: "BET 1905 AND 1900")
    #expect(date.range == days((1900, 1, 1), (1905, 12, 31)))
    #expect(date.problems.count == 1)
  }

  @Test("INT keeps the date and its phrase")
  func interpreted() {
    let date = GEDCOMDate(parsing: "INT 31 DEC 1997 (12/31/97)")
    #expect(date.kind == .interpreted)
    #expect(date.range == DayRange(day: gregorian(1997, 12, 31)))
    #expect(date.phrase == "12/31/97")
    #expect(date.problems.isEmpty)
  }

  @Test("Date phrases and empty values have no range")
  func phrasesAndEmpty() {
    let phrase = GEDCOMDate(parsing: "(No idea of the date)")
    #expect(phrase.kind == .phrase)
    #expect(phrase.phrase == "No idea of the date")
    #expect(phrase.range == nil)
    #expect(phrase.precision == .none)
    #expect(phrase.problems.isEmpty)
    let unclosed = GEDCOMDate(parsing: "(sometime")
    #expect(unclosed.phrase == "sometime")
    #expect(unclosed.problems.count == 1)
    for empty in ["", "   "] {
      let date = GEDCOMDate(parsing: empty)
      #expect(date.kind == .empty)
      #expect(date.range == nil)
      #expect(date.problems.isEmpty)
    }
  }

  @Test(
    "Text that is not a date becomes a phrase with a problem",
    arguments: [
      "unknown", "<unknown>", "Deceased", "20 MAR", "12/31/97", "9/19/16, 11:40:36 AM",
      "Jan 5, 1900", "28 SPE 1611", "BET 1900", "FROM 1900 TO", "ABT", "0 BC", "@#DJULIAN@",
      "1699/05", "99999999999", "WILL PROVED 2 MAY 1650", "\u{0}\u{FF}@#", "@#DHEBREW 1900", "11st",
      "2000-05-20",
    ])
  func garbage(text: String) {
    let date = GEDCOMDate(parsing: text)
    #expect(date.kind == .phrase)
    #expect(date.range == nil)
    #expect(date.precision == .none)
    #expect(date.problems.count == 1)
    #expect(date.phrase != nil)
  }

  @Test("Words after a complete date are ignored with a problem")
  func trailingWords() {
    let date = GEDCOMDate(parsing: "21 NOV 1952 IF")
    #expect(date.kind == .exact)
    #expect(date.range == DayRange(day: gregorian(1952, 11, 21)))
    #expect(date.problems == ["ignored \"IF\" after the date"])
  }

  @Test("Dual years mean the later, new-style year")
  func dualYears() {
    let day = GEDCOMDate(parsing: "8 JAN 1699/00")
    #expect(day.range == DayRange(day: gregorian(1700, 1, 8)))
    #expect(day.problems.isEmpty)
    #expect(GEDCOMDate(parsing: "1699/00").range == days((1700, 1, 1), (1700, 12, 31)))
    #expect(GEDCOMDate(parsing: "FEB 1731/1732").range == days((1732, 2, 1), (1732, 2, 29)))
    #expect(GEDCOMDate(parsing: "Mar 1527-1528").range == days((1528, 3, 1), (1528, 3, 31)))
    let julian = GEDCOMDate(parsing: "@#DJULIAN@ 11 FEB 1731/32")
    #expect(julian.range == DayRange(day: JulianDay.fromJulian(year: 1732, month: 2, day: 11)))
    let hebrew = GEDCOMDate(parsing: "@#DHEBREW@ 5700/01")
    #expect(hebrew.kind == .phrase)
  }

  @Test("BC years use astronomical numbering")
  func beforeCommonEra() {
    for text in ["44 BC", "44 B.C.", "44 BCE", "44 b.c."] {
      let date = GEDCOMDate(parsing: text)
      #expect(date.range == days((-43, 1, 1), (-43, 12, 31)), "\(text)")
    }
    let ides = GEDCOMDate(parsing: "@#DJULIAN@ 15 MAR 44 BC")
    #expect(ides.calendar == .julian)
    #expect(ides.range == DayRange(day: 1_705_426))
    #expect(ides.range?.yearRange.earliest == -43)
    #expect(GEDCOMDate(parsing: "1 BC").range == days((0, 1, 1), (0, 12, 31)))
  }

  @Test("Calendar escapes of GEDCOM 5.x")
  func calendarEscapes() {
    let hebrew = GEDCOMDate(parsing: "@#DHEBREW@ 1 TSH 5760")
    #expect(hebrew.calendar == .hebrew)
    #expect(hebrew.range == DayRange(day: gregorian(1999, 9, 11)))
    let french = GEDCOMDate(parsing: "@#DFRENCH R@ 1 VEND 1")
    #expect(french.calendar == .frenchRepublican)
    #expect(french.range == DayRange(day: gregorian(1792, 9, 22)))
    let julian = GEDCOMDate(parsing: "@#DJULIAN@ 4 OCT 1582")
    #expect(julian.range == DayRange(day: gregorian(1582, 10, 15) - 1))
    let explicitGregorian = GEDCOMDate(parsing: "@#DGREGORIAN@ 15 OCT 1582")
    #expect(explicitGregorian.range == DayRange(day: gregorian(1582, 10, 15)))
    for unsupported in ["@#DROMAN@ 12 JAN 300", "@#DUNKNOWN@ 1900"] {
      let date = GEDCOMDate(parsing: unsupported)
      #expect(date.calendar == .unknown)
      #expect(date.kind == .exact)
      #expect(date.range == nil)
      #expect(date.problems.count == 1)
    }
  }

  @Test("Calendar keywords and extension calendars of GEDCOM 7")
  func gedcom7Calendars() {
    #expect(GEDCOMDate(parsing: "JULIAN 4 OCT 1582").range == DayRange(day: 2_299_160))
    #expect(GEDCOMDate(parsing: "GREGORIAN 1 JAN 2000").range == DayRange(day: 2_451_545))
    #expect(GEDCOMDate(parsing: "HEBREW 1 TSH 5760").range == DayRange(day: 2_451_433))
    #expect(GEDCOMDate(parsing: "FRENCH_R 1 VEND 1").range == DayRange(day: 2_375_840))
    let extended = GEDCOMDate(parsing: "_MAYAN 8 _MONTH 190 _EPOCH")
    #expect(extended.calendar == .unknown)
    #expect(extended.precision == .day)
    #expect(extended.range == nil)
  }

  @Test("Hebrew months are checked against leap years")
  func hebrewMonths() {
    let adarII = GEDCOMDate(parsing: "@#DHEBREW@ 14 ADS 5784")
    #expect(adarII.range == DayRange(day: gregorian(2024, 3, 24)))
    let commonYear = GEDCOMDate(parsing: "@#DHEBREW@ 14 ADS 5783")
    #expect(commonYear.precision == .year)
    #expect(commonYear.problems == ["Adar II is not in the year 5783"])
    #expect(commonYear.range == CalendarRules.yearSpan(.hebrew, year: 5783))
    let elul = GEDCOMDate(parsing: "@#DHEBREW@ 30 ELL 5700")
    #expect(elul.precision == .month)
    #expect(elul.problems == ["day 30 is not in Elul 5700"])
    let year = GEDCOMDate(parsing: "@#DHEBREW@ 5784")
    #expect(year.range == days((2023, 9, 16), (2024, 10, 2)))
  }

  @Test("French Republican months and complementary days")
  func frenchMonths() {
    #expect(GEDCOMDate(parsing: "@#DFRENCH R@ 6 COMP 3").precision == .day)
    let notLeap = GEDCOMDate(parsing: "@#DFRENCH R@ 6 COMP 4")
    #expect(notLeap.precision == .month)
    #expect(notLeap.problems == ["day 6 is not in the complementary days of 4"])
    #expect(
      GEDCOMDate(parsing: "@#DFRENCH R@ 1").range == days((1792, 9, 22), (1793, 9, 21)))
  }

  @Test("A month name of another calendar selects it, or falls back to the year")
  func monthCalendars() {
    let inferred = GEDCOMDate(parsing: "15 NSN 5784")
    #expect(inferred.calendar == .hebrew)
    #expect(inferred.range == DayRange(day: gregorian(2024, 4, 23)))
    let mismatch = GEDCOMDate(parsing: "@#DJULIAN@ 1 VEND 1800")
    #expect(mismatch.precision == .year)
    #expect(mismatch.problems == ["VEND is not a month of the Julian calendar"])
    let extensionMonth = GEDCOMDate(parsing: "FRENCH_R 2 _JOUR 8")
    #expect(extensionMonth.precision == .year)
    #expect(extensionMonth.problems == ["the month _JOUR is not understood"])
  }

  @Test("Calendars may differ between the dates of a range")
  func mixedCalendars() {
    let date = GEDCOMDate(parsing: "BET @#DJULIAN@ 1700 AND 1750")
    #expect(date.calendar == .julian)
    #expect(
      date.range
        == DayRange(
          earliest: JulianDay.fromJulian(year: 1700, month: 1, day: 1),
          latest: gregorian(1750, 12, 31)))
    let unknownPart = GEDCOMDate(parsing: "BET 1700 AND @#DROMAN@ 1750")
    #expect(unknownPart.range == nil)
    #expect(unknownPart.kind == .between)
  }
}

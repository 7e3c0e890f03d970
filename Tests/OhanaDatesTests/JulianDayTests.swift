import Testing

@testable import OhanaDates

@Suite("Julian Day Number conversions")
struct JulianDayTests {
  @Test("Gregorian dates with published Julian Day Numbers")
  func gregorianKnownValues() {
    #expect(JulianDay.fromGregorian(year: 2000, month: 1, day: 1) == 2_451_545)
    #expect(JulianDay.fromGregorian(year: 1970, month: 1, day: 1) == 2_440_588)
    #expect(JulianDay.fromGregorian(year: 1858, month: 11, day: 17) == 2_400_001)
    #expect(JulianDay.fromGregorian(year: 1582, month: 10, day: 15) == 2_299_161)
    #expect(JulianDay.fromGregorian(year: 1, month: 1, day: 1) == 1_721_426)
    #expect(JulianDay.fromGregorian(year: -4713, month: 11, day: 24) == 0)
  }

  @Test("Julian calendar dates with published Julian Day Numbers")
  func julianKnownValues() {
    #expect(JulianDay.fromJulian(year: -4712, month: 1, day: 1) == 0)
    #expect(JulianDay.fromJulian(year: 1, month: 1, day: 1) == 1_721_424)
    #expect(JulianDay.fromJulian(year: -43, month: 3, day: 15) == 1_705_426)
    // The Gregorian reform: Thursday 4 October 1582 (Julian) was followed by Friday 15 October.
    let lastJulianDay = JulianDay.fromJulian(year: 1582, month: 10, day: 4)
    #expect(lastJulianDay == JulianDay.fromGregorian(year: 1582, month: 10, day: 15) - 1)
    #expect(
      JulianDay.fromJulian(year: 1900, month: 2, day: 29)
        == JulianDay.fromGregorian(year: 1900, month: 3, day: 13))
  }

  @Test("Hebrew dates against their Gregorian equivalents")
  func hebrewKnownValues() {
    let cases: [(hebrew: (Int, Int, Int), gregorian: (Int, Int, Int))] = [
      ((5760, 1, 1), (1999, 9, 11)),  // Rosh Hashanah 5760
      ((5784, 1, 1), (2023, 9, 16)),
      ((5785, 1, 1), (2024, 10, 3)),
      ((5784, 3, 25), (2023, 12, 8)),  // Hanukkah, in a leap year
      ((5784, 4, 10), (2023, 12, 22)),
      ((5784, 7, 14), (2024, 3, 24)),  // Purim in Adar II
      ((5784, 8, 15), (2024, 4, 23)),  // Passover
      ((5783, 6, 14), (2023, 3, 7)),  // Purim in Adar of a common year
      ((5783, 8, 15), (2023, 4, 6)),
    ]
    for (hebrew, gregorian) in cases {
      let jdn = JulianDay.fromHebrew(year: hebrew.0, month: hebrew.1, day: hebrew.2)
      let expected = JulianDay.fromGregorian(
        year: gregorian.0, month: gregorian.1, day: gregorian.2)
      #expect(jdn == expected, "Hebrew \(hebrew) should be Gregorian \(gregorian)")
    }
    #expect(JulianDay.fromHebrew(year: 5760, month: 1, day: 1) == 2_451_433)
    #expect(JulianDay.fromHebrew(year: 1, month: 1, day: 1) == 347_998)
  }

  @Test("Hebrew year lengths are always one of the six legal lengths")
  func hebrewYearLengths() {
    let legal: Set = [353, 354, 355, 383, 384, 385]
    for year in 3000...6500 {
      let hebrewYear = HebrewYear(year)
      #expect(legal.contains(hebrewYear.length), "year \(year) has \(hebrewYear.length) days")
      #expect(hebrewYear.isLeap == (hebrewYear.length > 380))
      let monthDays = (1...13).reduce(0) { $0 + hebrewYear.monthLength($1) }
      #expect(monthDays == hebrewYear.length, "months of year \(year) do not add up")
    }
  }

  @Test("French Republican dates against their Gregorian equivalents")
  func frenchRepublicanKnownValues() {
    let cases: [(french: (Int, Int, Int), gregorian: (Int, Int, Int))] = [
      ((1, 1, 1), (1792, 9, 22)),
      ((2, 11, 9), (1794, 7, 27)),  // 9 Thermidor II
      ((4, 1, 1), (1795, 9, 23)),  // after the sextile year III
      ((8, 2, 18), (1799, 11, 9)),  // 18 Brumaire VIII
      ((14, 4, 11), (1806, 1, 1)),
    ]
    for (french, gregorian) in cases {
      let jdn = JulianDay.fromFrenchRepublican(year: french.0, month: french.1, day: french.2)
      let expected = JulianDay.fromGregorian(
        year: gregorian.0, month: gregorian.1, day: gregorian.2)
      #expect(jdn == expected, "French \(french) should be Gregorian \(gregorian)")
    }
    #expect(JulianDay.fromFrenchRepublican(year: 1, month: 1, day: 1) == 2_375_840)
    #expect(CalendarRules.daysInMonth(.frenchRepublican, year: 3, month: 13) == 6)
    #expect(CalendarRules.daysInMonth(.frenchRepublican, year: 4, month: 13) == 5)
  }

  @Test("toGregorian inverts fromGregorian, including before year 1")
  func gregorianRoundTrip() {
    #expect(JulianDay.toGregorian(2_451_545) == (2000, 1, 1))
    #expect(JulianDay.toGregorian(0) == (-4713, 11, 24))
    var jdn = JulianDay.fromGregorian(year: -6000, month: 1, day: 1)
    let end = JulianDay.fromGregorian(year: 3000, month: 1, day: 1)
    while jdn < end {
      let date = JulianDay.toGregorian(jdn)
      #expect(JulianDay.fromGregorian(year: date.year, month: date.month, day: date.day) == jdn)
      jdn += 997
    }
  }

  @Test("Months outside 1...12 carry into neighbouring years")
  func monthCarry() {
    #expect(
      JulianDay.fromGregorian(year: 1999, month: 13, day: 1)
        == JulianDay.fromGregorian(year: 2000, month: 1, day: 1))
    #expect(
      JulianDay.fromGregorian(year: 2000, month: 0, day: 1)
        == JulianDay.fromGregorian(year: 1999, month: 12, day: 1))
  }
}

import OhanaSynth
import Testing

@Suite struct CalendarDateTests {
  @Test func knownDaysAndRoundTrips() {
    #expect(CalendarDate(year: 1970, month: 1, day: 1).dayNumber == 0)
    #expect(CalendarDate(year: 2000, month: 3, day: 1).dayNumber == 11_017)
    #expect(CalendarDate(year: 1900, month: 3, day: 1).adding(days: -1).components.day == 28)
    #expect(CalendarDate(year: 2000, month: 3, day: 1).adding(days: -1).components.day == 29)
    for dayNumber in stride(from: -120_000, through: 30_000, by: 37) {
      let date = CalendarDate(dayNumber: dayNumber)
      let (year, month, day) = date.components
      #expect(CalendarDate(year: year, month: month, day: day) == date)
    }
    #expect(CalendarDate(year: 1784, month: 3, day: 9).isoText == "1784-03-09")
  }

  @Test func yearsBetweenDates() {
    let birth = CalendarDate(year: 1800, month: 6, day: 1)
    let later = CalendarDate(year: 1830, month: 6, day: 1)
    #expect(abs(later.years(since: birth) - 30) < 0.01)
  }
}

/// The meaning of a word in a date value.
///
/// Besides the keywords of GEDCOM 5.5, 5.5.1 and 7.0, these common vendor spellings are
/// accepted (case-insensitively, with or without trailing periods, e.g. `Abt.`, `c.`):
/// - about: `ABOUT`, `CIRCA`, `CA`, `C`, `APPROX`
/// - calculated: `CALC`, `CALCULATED`; estimated: `ESTIMATED`
/// - before: `BEFORE`; after: `AFTER`; between: `BETWEEN`
/// - months: full English names and `SEPT`
/// - epoch: `BC`, `B.C.` (5.x), `BCE` (7.0), `B.C.E.`
enum DateWord: Hashable, Sendable {
  /// A keyword that opens a date value of that kind (`ABT`, `BEF`, `BET`, `FROM`, `INT`, …);
  /// `.qualifier(.to)` also joins the two dates of `FROM … TO …`.
  case qualifier(GEDCOMDate.Kind)
  /// `AND` between the two dates of `BET`.
  case and
  /// An epoch before the common era.
  case beforeCommonEra
  /// A GEDCOM 7 calendar keyword.
  case calendar(CalendarKind)
  /// A month of a calendar; Julian dates use the `.gregorian` month names.
  case month(CalendarKind, Int)

  /// The meaning of a scanned word, or nil for a word that means nothing in dates.
  static func of(_ key: WordKey) -> DateWord? {
    // Open addressing on a multiply-shift hash: cheaper than `Dictionary`'s seeded hashing,
    // and every date value looks up several words.
    let lookup = Self.lookup
    var slot = lookup.slot(key)
    while let entry = lookup.entries[slot] {
      if entry.key == key { return entry.word }
      slot = (slot + 1) & (lookup.entries.count - 1)
    }
    return nil
  }

  /// ``table`` as an open-addressing table with at most one entry in four slots used.
  private struct Lookup {
    var entries: [(key: WordKey, word: DateWord)?]

    init(_ table: [WordKey: DateWord]) {
      var size = 16
      while size < table.count * 4 { size <<= 1 }
      entries = Array(repeating: nil, count: size)
      for (key, word) in table {
        var slot = self.slot(key)
        while entries[slot] != nil { slot = (slot + 1) & (size - 1) }
        entries[slot] = (key, word)
      }
    }

    func slot(_ key: WordKey) -> Int {
      let mixed = (key.low ^ key.high &* 31 ^ UInt64(key.count)) &* 0x9E37_79B9_7F4A_7C15
      return Int(truncatingIfNeeded: mixed >> 40) & (entries.count - 1)
    }
  }

  private static let lookup = Lookup(table)

  /// The calendar named by a 5.x escape `@#D…@` (`unknown` for `ROMAN`, `UNKNOWN` and others).
  static func escapedCalendar(_ key: WordKey) -> CalendarKind {
    escapes[key] ?? .unknown
  }

  private static let escapes: [WordKey: CalendarKind] = [
    WordKey("GREGORIAN"): .gregorian, WordKey("JULIAN"): .julian,
    WordKey("HEBREW"): .hebrew, WordKey("FRENCH R"): .frenchRepublican,
  ]

  private static let table: [WordKey: DateWord] = {
    var table: [WordKey: DateWord] = [:]
    func add(_ word: DateWord, _ spellings: StaticString...) {
      for spelling in spellings { table[WordKey(spelling)] = word }
    }
    add(.qualifier(.about), "ABT", "ABOUT", "CIRCA", "CA", "C", "APPROX")
    add(.qualifier(.calculated), "CAL", "CALC", "CALCULATED")
    add(.qualifier(.estimated), "EST", "ESTIMATED")
    add(.qualifier(.before), "BEF", "BEFORE")
    add(.qualifier(.after), "AFT", "AFTER")
    add(.qualifier(.between), "BET", "BETWEEN")
    add(.qualifier(.from), "FROM")
    add(.qualifier(.interpreted), "INT")
    add(.qualifier(.to), "TO")
    add(.and, "AND")
    add(.beforeCommonEra, "BC", "BCE")
    add(.calendar(.gregorian), "GREGORIAN")
    add(.calendar(.julian), "JULIAN")
    add(.calendar(.hebrew), "HEBREW")
    add(.calendar(.frenchRepublican), "FRENCH_R")
    let gregorian: [[StaticString]] = [
      ["JAN", "JANUARY"], ["FEB", "FEBRUARY"], ["MAR", "MARCH"], ["APR", "APRIL"], ["MAY"],
      ["JUN", "JUNE"], ["JUL", "JULY"], ["AUG", "AUGUST"], ["SEP", "SEPT", "SEPTEMBER"],
      ["OCT", "OCTOBER"], ["NOV", "NOVEMBER"], ["DEC", "DECEMBER"],
    ]
    for (index, spellings) in gregorian.enumerated() {
      for spelling in spellings { table[WordKey(spelling)] = .month(.gregorian, index + 1) }
    }
    let hebrew: [StaticString] = [
      "TSH", "CSH", "KSL", "TVT", "SHV", "ADR", "ADS", "NSN", "IYR", "SVN", "TMZ", "AAV", "ELL",
    ]
    for (index, spelling) in hebrew.enumerated() {
      table[WordKey(spelling)] = .month(.hebrew, index + 1)
    }
    let french: [StaticString] = [
      "VEND", "BRUM", "FRIM", "NIVO", "PLUV", "VENT", "GERM", "FLOR", "PRAI", "MESS", "THER",
      "FRUC", "COMP",
    ]
    for (index, spelling) in french.enumerated() {
      table[WordKey(spelling)] = .month(.frenchRepublican, index + 1)
    }
    return table
  }()
}

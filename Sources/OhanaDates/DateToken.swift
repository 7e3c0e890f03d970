/// One lexical piece of a date value, located by byte offsets into the value.
struct DateToken {
  enum Kind: UInt8 {
    /// No more input.
    case end
    /// A run of ASCII digits; `number` holds its value (capped, see `DateScanner`).
    case number
    /// Letters, `_` and `.` (or an extension tag `_XYZ1`); `key` holds it without the periods.
    case word
    /// A 5.x calendar escape `@#D…@`; `key` holds the text between `@#D` and `@`.
    case calendarEscape
    /// A date phrase `( … )`; `start`/`end` include the parentheses when present.
    case phrase
    case hyphen, slash, questionMark
    /// Any other byte, or a run of non-ASCII bytes.
    case other
  }

  var kind: Kind
  var start: Int
  var end: Int
  var number = 0
  var key = WordKey()

  /// Whether the word is a GEDCOM 7 extension tag (starts with `_`).
  var isExtensionTag = false
  /// Whether a phrase token lacks its closing parenthesis.
  var isUnclosed = false

  /// The token's byte offsets.
  var bytes: Range<Int> { start..<end }

  init(kind: Kind, start: Int, end: Int) {
    self.kind = kind
    self.start = start
    self.end = end
  }
}

import Foundation

/// Byte-level readers of one cell's text, for the hot loop of parsing (no `String` is made).
enum CellParsing {
  /// A number and whether it was written as an integer (no fraction, no exponent).
  struct Number {
    var value: Double
    var isInteger: Bool
  }

  /// 10^`exponent` for 0…22, exactly: every partial product is itself a power of ten that a
  /// double holds exactly. (Computed rather than looked up: a shared table's reference count
  /// would be contended by parsing threads.)
  @inline(__always)
  private static func powerOfTen(_ exponent: Int) -> Double {
    var result = 1.0
    var square = 10.0
    var remaining = exponent
    while remaining > 0 {
      if remaining & 1 != 0 { result *= square }
      square *= square
      remaining >>= 1
    }
    return result
  }

  /// The most significant digits an integer may have: beyond 15 digits a double no longer
  /// holds every integer, so such a column (long identifiers) stays categorical.
  static let maximumIntegerDigits = 15

  /// Reads `[+-]digits[.digits][(e|E)[+-]digits]` (or `.5`, `5.`), or returns `nil`. When
  /// `inferring`, text with a leading zero before more digits (`007`, `02134`) is not a number
  /// (such values are codes whose zeros matter) and neither is an integer of more than
  /// ``maximumIntegerDigits`` digits; otherwise both are read (the long integer as a float).
  /// Correctly rounded: the common short cases are exact products of doubles, the rest go to
  /// `strtod`.
  static func number(_ text: UnsafePointer<UInt8>, _ count: Int, inferring: Bool = true) -> Number? {
    guard count > 0 else { return nil }
    var index = 0
    var negative = false
    if text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+") {
      negative = text[0] == UInt8(ascii: "-")
      index = 1
    }
    var mantissa: UInt64 = 0
    var significant = 0
    var exponent = 0
    var truncated = false
    let integerStart = index
    while index < count {
      let digit = text[index] &- UInt8(ascii: "0")
      guard digit < 10 else { break }
      if significant < 19 {
        mantissa = mantissa &* 10 &+ UInt64(digit)
        if mantissa != 0 { significant += 1 }
      } else {
        exponent += 1
        truncated = truncated || digit != 0
      }
      index += 1
    }
    let integerDigits = index - integerStart
    if inferring && integerDigits > 1 && text[integerStart] == UInt8(ascii: "0") { return nil }
    var isInteger = true
    if index < count && text[index] == UInt8(ascii: ".") {
      isInteger = false
      index += 1
      let fractionStart = index
      while index < count {
        let digit = text[index] &- UInt8(ascii: "0")
        guard digit < 10 else { break }
        if significant < 19 {
          mantissa = mantissa &* 10 &+ UInt64(digit)
          exponent -= 1
          if mantissa != 0 { significant += 1 }
        } else {
          truncated = truncated || digit != 0
        }
        index += 1
      }
      if integerDigits == 0 && index == fractionStart { return nil }
    } else if integerDigits == 0 {
      return nil
    }
    if index < count && text[index] | 0x20 == UInt8(ascii: "e") {
      isInteger = false
      index += 1
      var exponentNegative = false
      if index < count && (text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+")) {
        exponentNegative = text[index] == UInt8(ascii: "-")
        index += 1
      }
      let exponentStart = index
      var written = 0
      while index < count {
        let digit = text[index] &- UInt8(ascii: "0")
        guard digit < 10 else { break }
        if written < 100_000 { written = written * 10 + Int(digit) }
        index += 1
      }
      guard index > exponentStart else { return nil }
      exponent += exponentNegative ? -written : written
    }
    guard index == count else { return nil }
    if isInteger && significant > maximumIntegerDigits {
      if inferring { return nil }
      isInteger = false
    } else if isInteger {
      let value = Double(mantissa)
      return Number(value: negative ? -value : value, isInteger: true)
    }
    if !truncated && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
      let magnitude = Double(mantissa)
      let value = exponent < 0 ? magnitude / powerOfTen(-exponent) : magnitude * powerOfTen(exponent)
      return Number(value: negative ? -value : value, isInteger: false)
    }
    return slowNumber(text, count)
  }

  /// Reads the most common numbers, plain decimals of fewer than 16 characters like `42`,
  /// `-7` or `21.63`, faster than ``number(_:_:inferring:)`` and to the same value; `nil` sends
  /// other text to it. Sets `isFloat` for a decimal point.
  @inline(__always)
  static func shortDecimal(_ text: UnsafePointer<UInt8>, _ count: Int, isFloat: inout Bool) -> Double? {
    guard count > 0 && count < 16 else { return nil }
    let negative = text[0] == UInt8(ascii: "-")
    var index = negative ? 1 : 0
    let first = index
    // A leading zero must stand alone before the point ("0", "0.5", not "07").
    if index + 1 < count && text[index] == UInt8(ascii: "0") && text[index + 1] != UInt8(ascii: ".") {
      return nil
    }
    var mantissa = 0
    var point = -1
    while index < count {
      let digit = text[index] &- UInt8(ascii: "0")
      if digit < 10 {
        mantissa = mantissa &* 10 &+ Int(digit)
      } else if text[index] == UInt8(ascii: ".") && point < 0 {
        point = index
      } else {
        return nil
      }
      index += 1
    }
    let digits = count - first - (point < 0 ? 0 : 1)
    guard digits > 0 else { return nil }
    let magnitude: Double
    if point < 0 {
      magnitude = Double(mantissa)
    } else {
      isFloat = true
      magnitude = Double(mantissa) / powerOfTen(count - point - 1)
    }
    return negative ? -magnitude : magnitude
  }

  /// ``shortDecimal(_:_:isFloat:)`` for text of at most 8 bytes after which 8 bytes may be read
  /// from its start: its digits are checked and combined eight at once, within one integer, with
  /// no branch per byte. The same value for the text it takes; `nil` sends the rest there.
  @inline(__always)
  static func packedDecimal(_ text: UnsafePointer<UInt8>, _ count: Int, isFloat: inout Bool) -> Double? {
    guard count > 0 && count <= 8 else { return nil }
    var word = UInt64(littleEndian: UnsafeRawPointer(text).loadUnaligned(as: UInt64.self))
    let negative = text[0] == UInt8(ascii: "-")
    var length = negative ? count - 1 : count
    guard length > 0 else { return nil }
    if negative { word &>>= 8 }
    word &= lowBytes(length)
    // A leading zero must stand alone before the point ("0", "0.5", not "07").
    if length > 1 && word & 0xFFFF != 0x2E30 && word & 0xFF == 0x30 { return nil }
    let points = CSVTokenizer.matches(word, 0x2E2E_2E2E_2E2E_2E2E)
    var fractionDigits = 0
    if points != 0 {
      guard points & (points &- 1) == 0 else { return nil }
      let point = points.trailingZeroBitCount >> 3
      fractionDigits = length &- point &- 1
      // The bytes after the point move down over it.
      let before = lowBytes(point)
      word = (word & before) | ((word &>> 8) & ~before)
      length &-= 1
      guard length > 0 else { return nil }
    }
    let digits = (word ^ 0x3030_3030_3030_3030) & lowBytes(length)
    // Each byte below 10: its high nibble is clear, before and after adding 6.
    guard (digits | (digits &+ 0x0606_0606_0606_0606)) & 0xF0F0_F0F0_F0F0_F0F0 & lowBytes(length) == 0 else {
      return nil
    }
    // Right-aligned (leading zero digits), then pairs, quadruples and the eight combined.
    var value = digits &<< UInt64(8 &* (8 &- length))
    value = (value &* 2561) &>> 8 & 0x00FF_00FF_00FF_00FF
    value = (value &* 6_553_601) &>> 16 & 0x0000_FFFF_0000_FFFF
    value = (value &* 42_949_672_960_001) &>> 32
    var magnitude = Double(value)
    if points != 0 {
      isFloat = true
      magnitude /= powerOfTen(fractionDigits)
    }
    return negative ? -magnitude : magnitude
  }

  /// Ones in the low `count` bytes (0…8).
  @inline(__always)
  private static func lowBytes(_ count: Int) -> UInt64 {
    count == 0 ? 0 : UInt64.max &>> UInt64(truncatingIfNeeded: 64 &- 8 &* count)
  }

  /// `strtod` on a terminated copy, for long mantissas and large exponents; infinite results
  /// (`1e999`) are not numbers.
  private static func slowNumber(_ text: UnsafePointer<UInt8>, _ count: Int) -> Number? {
    let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer -> Double in
      for index in 0..<count { buffer[index] = CChar(bitPattern: text[index]) }
      buffer[count] = 0
      return strtod(buffer.baseAddress!, nil)
    }
    return value.isFinite ? Number(value: value, isInteger: false) : nil
  }

  /// Whether `value` has no fraction (without a call to the C library's `round`).
  @inline(__always)
  static func isWhole(_ value: Double) -> Bool {
    abs(value) < 9.0e15 ? Double(Int64(value)) == value : value.isFinite
  }

  /// `true` or `false` in any letter case.
  static func boolean(_ text: UnsafePointer<UInt8>, _ count: Int) -> Bool? {
    if count == 4, text[0] | 0x20 == UInt8(ascii: "t"), text[1] | 0x20 == UInt8(ascii: "r"),
      text[2] | 0x20 == UInt8(ascii: "u"), text[3] | 0x20 == UInt8(ascii: "e")
    {
      return true
    }
    if count == 5, text[0] | 0x20 == UInt8(ascii: "f"), text[1] | 0x20 == UInt8(ascii: "a"),
      text[2] | 0x20 == UInt8(ascii: "l"), text[3] | 0x20 == UInt8(ascii: "s"),
      text[4] | 0x20 == UInt8(ascii: "e")
    {
      return false
    }
    return nil
  }

  /// The narrowest type a cell's text fits (see ``ColumnType``).
  static func type(of text: UnsafePointer<UInt8>, _ count: Int) -> ColumnType {
    if let number = number(text, count) { return number.isInteger ? .integer : .float }
    if boolean(text, count) != nil { return .boolean }
    if CivilDate.parseDays(text, count) != nil { return .date }
    return .categorical
  }
}

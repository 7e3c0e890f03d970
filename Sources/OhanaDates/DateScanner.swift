/// Splits the UTF-8 bytes of a date value into tokens on demand (no allocation).
struct DateScanner {
  /// Numbers stop accumulating above this, which is far beyond any valid year or day.
  static let numberCap = 1_000_000_000_000

  let bytes: UnsafeRawBufferPointer
  private(set) var position = 0
  /// The next token once peeked, so the parser's repeated look-ahead scans it only once.
  private var lookahead: DateToken?

  init(_ bytes: UnsafeRawBufferPointer) {
    self.bytes = bytes
  }

  /// The next token without consuming it.
  mutating func peek() -> DateToken {
    if let lookahead { return lookahead }
    let start = position
    let token = scan()
    position = start
    lookahead = token
    return token
  }

  /// The token after the next one, without consuming either.
  mutating func peekSecond() -> DateToken {
    var copy = self
    _ = copy.next()
    return copy.next()
  }

  /// Consumes and returns the next token.
  mutating func next() -> DateToken {
    if let token = lookahead {
      lookahead = nil
      position = token.end
      return token
    }
    return scan()
  }

  /// Scans the token at `position`.
  private mutating func scan() -> DateToken {
    while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
    let start = position
    guard position < bytes.count else { return DateToken(kind: .end, start: start, end: start) }
    let byte = bytes[position]
    position += 1
    switch byte {
    case 0x30...0x39:
      return scanNumber(from: start, firstDigit: byte)
    case 0x41...0x5A, 0x61...0x7A, 0x5F:
      return scanWord(from: start, isExtensionTag: byte == 0x5F)
    case 0x40:
      return scanEscape(from: start)
    case 0x28:
      return scanPhrase(from: start)
    case 0x2D:
      return DateToken(kind: .hyphen, start: start, end: position)
    case 0x2F:
      return DateToken(kind: .slash, start: start, end: position)
    case 0x3F:
      return DateToken(kind: .questionMark, start: start, end: position)
    case 0x80...:
      while position < bytes.count, bytes[position] >= 0x80 { position += 1 }
      return DateToken(kind: .other, start: start, end: position)
    default:
      return DateToken(kind: .other, start: start, end: position)
    }
  }

  /// The bytes of `start..<end` as text, for messages.
  func text(_ start: Int, _ end: Int) -> String {
    String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
  }

  /// The value with surrounding whitespace removed, for messages and phrases.
  func trimmedText() -> String {
    var start = 0
    var end = bytes.count
    while start < end, Self.isSpace(bytes[start]) { start += 1 }
    while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
    return text(start, end)
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= 0x30 && byte <= 0x39
  }

  private mutating func scanNumber(from start: Int, firstDigit: UInt8) -> DateToken {
    var value = Int(firstDigit - 0x30)
    while position < bytes.count, Self.isDigit(bytes[position]) {
      if value < Self.numberCap { value = value * 10 + Int(bytes[position] - 0x30) }
      position += 1
    }
    var token = DateToken(kind: .number, start: start, end: position)
    token.number = value
    return token
  }

  /// Words are letters, `_` and `.` (so `B.C.`, `ABT.` and `FRENCH_R` are single words);
  /// extension tags are `_` followed by letters, digits and `_`.
  private mutating func scanWord(from start: Int, isExtensionTag: Bool) -> DateToken {
    var key = WordKey()
    key.append(bytes[start])
    while position < bytes.count {
      let byte = bytes[position]
      if Self.isLetter(byte) || byte == 0x5F || (isExtensionTag && Self.isDigit(byte)) {
        key.append(byte)
      } else if byte != 0x2E || isExtensionTag {
        break
      }
      position += 1
    }
    var token = DateToken(kind: .word, start: start, end: position)
    token.key = key
    token.isExtensionTag = isExtensionTag
    return token
  }

  /// `@#D…@`; anything else starting with `@` is a single `other` byte.
  private mutating func scanEscape(from start: Int) -> DateToken {
    guard position + 1 < bytes.count, bytes[position] == 0x23, bytes[position + 1] == 0x44
    else { return DateToken(kind: .other, start: start, end: position) }
    var cursor = position + 2
    var key = WordKey()
    while cursor < bytes.count, bytes[cursor] != 0x40 {
      key.append(bytes[cursor])
      cursor += 1
    }
    guard cursor < bytes.count else { return DateToken(kind: .other, start: start, end: position) }
    position = cursor + 1
    var token = DateToken(kind: .calendarEscape, start: start, end: position)
    token.key = key
    return token
  }

  /// A phrase runs to the last `)` of the value, so phrases may contain parentheses.
  private mutating func scanPhrase(from start: Int) -> DateToken {
    var close = bytes.count - 1
    while close >= position, bytes[close] != 0x29 { close -= 1 }
    var token: DateToken
    if close >= position {
      position = close + 1
      token = DateToken(kind: .phrase, start: start, end: position)
    } else {
      position = bytes.count
      token = DateToken(kind: .phrase, start: start, end: position)
      token.isUnclosed = true
    }
    return token
  }
}

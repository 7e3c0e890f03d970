/// The encoding a parser should use for a file, and why.
public struct EncodingChoice: Sendable, Equatable {
  /// The encoding to read the file with.
  public var encoding: TextEncoding
  /// The `HEAD.CHAR` value as written, if the file has one.
  public var declared: String?
  /// A sentence when the declaration was overruled or missing, e.g. "HEAD.CHAR says ANSEL but the
  /// file is valid UTF-8 with multi-byte characters; read as UTF-8"; `nil` when the file was read
  /// as it declares.
  public var note: String?

  /// A choice of `encoding`, with the declaration it was made against and the reason if overruled.
  public init(encoding: TextEncoding, declared: String? = nil, note: String? = nil) {
    self.encoding = encoding
    self.declared = declared
    self.note = note
  }

  /// Decides the encoding from the file's bytes and its declared `HEAD.CHAR` name.
  ///
  /// `bytes` is the file (or as much of it as should be examined) from its first byte, byte-order
  /// mark included if it has one. The rules, in order:
  /// 1. A byte-order mark wins.
  /// 2. UTF-16 without a mark is recognised from its zero bytes (`30 00` / `00 30`).
  /// 3. Declared UTF-8 or ASCII but not valid UTF-8: Windows-1252, or ANSEL when the high bytes
  ///    read as ANSEL diacritics before letters (see ``HighByteProfile``), with a note.
  /// 4. Declared ASCII and pure ASCII: ASCII. Declared ASCII, ANSEL, ANSI, IBMPC, MACINTOSH, … but
  ///    valid UTF-8 with multi-byte characters: UTF-8, with a note. Otherwise what is declared.
  /// 5. Declared UNICODE (UTF-16) with neither a mark nor zero bytes: as if undeclared, with a note.
  /// 6. No declaration, or a name ``TextEncoding/init(declaredName:)`` does not know: UTF-8 when
  ///    valid, else the ANSEL/Windows-1252 heuristic, with a note (naming the unknown name).
  public static func choose(declared: String?, bytes: UnsafeRawBufferPointer) -> EncodingChoice {
    choose(declared: declared, bytes: bytes) { bytes in
      let ascii = TextDecoder.isASCII(bytes)
      return (ascii, ascii || TextDecoder.isValidUTF8(bytes))
    }
  }

  /// ``choose(declared:bytes:)`` with the whole-file scans done by `classify`, which is asked
  /// (once, of all of `bytes`) only for a file without a byte-order mark or UTF-16's zero
  /// bytes: whether it is ASCII, and whether it is valid UTF-8. A parser that goes on to
  /// need the answers keeps them instead of scanning the file again.
  static func choose(
    declared: String?, bytes: UnsafeRawBufferPointer,
    classify: (UnsafeRawBufferPointer) -> (ascii: Bool, validUTF8: Bool)
  ) -> EncodingChoice {
    let named = declared.flatMap { TextEncoding(declaredName: $0) }
    let says = declared.map { "HEAD.CHAR says \(quoted($0))" } ?? "There is no HEAD.CHAR"

    func choice(_ encoding: TextEncoding, _ note: String? = nil) -> EncodingChoice {
      EncodingChoice(encoding: encoding, declared: declared, note: note)
    }

    if let mark = TextDecoder.byteOrderMark(bytes) {
      if let named, named == mark.encoding || (named.isUTF16 && mark.encoding.isUTF16) {
        return choice(mark.encoding)
      }
      let what = "starts with a \(mark.encoding.displayName) byte-order mark"
      return choice(mark.encoding, overruled(says, named: named, declared: declared, what, mark.encoding))
    }
    if let utf16 = TextDecoder.unmarkedUTF16(bytes) {
      if named?.isUTF16 == true { return choice(utf16) }
      let what = "is UTF-16 without a byte-order mark (it has zero bytes between its characters)"
      return choice(utf16, overruled(says, named: named, declared: declared, what, utf16))
    }

    let (ascii, validUTF8) = classify(bytes)
    guard let named else {
      let reason = declared.map(unknown) ?? "There is no HEAD.CHAR"
      return undeclared(reason, ascii: ascii, validUTF8: validUTF8, bytes: bytes, declared: declared)
    }
    switch named {
    case .utf16LE, .utf16BE:
      let reason = "\(says) (UTF-16) but the file has neither a byte-order mark nor UTF-16's zero bytes"
      return undeclared(reason, ascii: ascii, validUTF8: validUTF8, bytes: bytes, declared: declared)
    case .utf8:
      if validUTF8 { return choice(.utf8) }
      return eightBit("\(says) but the file is not valid UTF-8", bytes: bytes, declared: declared)
    case .ascii:
      if ascii { return choice(.ascii) }
      if validUTF8 { return choice(.utf8, "\(says) but the file is \(multiByteUTF8); read as UTF-8") }
      let reason = "\(says) but the file has bytes above 0x7F and is not valid UTF-8"
      return eightBit(reason, bytes: bytes, declared: declared)
    case .ansel, .windows1252, .cp437, .cp850, .macRoman, .latin1:
      if !ascii && validUTF8 {
        return choice(.utf8, "\(says) but the file is \(multiByteUTF8); read as UTF-8")
      }
      return choice(named)
    }
  }

  /// How a note describes UTF-8 that is not plain ASCII.
  private static let multiByteUTF8 = "valid UTF-8 with multi-byte characters"

  /// A declaration overruled by what the bytes show.
  private static func overruled(
    _ says: String, named: TextEncoding?, declared: String?, _ what: String, _ actual: TextEncoding
  ) -> String {
    if let declared, named == nil {
      return "\(unknown(declared)), but the file \(what); read as \(actual.displayName)"
    }
    let connective = declared == nil ? "; the file" : " but the file"
    return "\(says)\(connective) \(what); read as \(actual.displayName)"
  }

  /// No usable declaration: UTF-8 when valid, else ANSEL or Windows-1252 from the high bytes.
  private static func undeclared(
    _ reason: String, ascii: Bool, validUTF8: Bool, bytes: UnsafeRawBufferPointer, declared: String?
  ) -> EncodingChoice {
    if ascii {
      return EncodingChoice(
        encoding: .utf8, declared: declared, note: "\(reason); the file is plain ASCII, read as UTF-8")
    }
    if validUTF8 {
      return EncodingChoice(
        encoding: .utf8, declared: declared, note: "\(reason); the file is valid UTF-8, read as UTF-8")
    }
    return eightBit("\(reason) and the file is not valid UTF-8", bytes: bytes, declared: declared)
  }

  /// Bytes that are not UTF-8: ANSEL when its diacritics dominate the high bytes, else Windows-1252.
  private static func eightBit(
    _ reason: String, bytes: UnsafeRawBufferPointer, declared: String?
  ) -> EncodingChoice {
    if HighByteProfile(bytes).looksLikeANSEL {
      return EncodingChoice(
        encoding: .ansel, declared: declared,
        note: "\(reason); its high bytes read as ANSEL diacritics before letters, read as ANSEL")
    }
    return EncodingChoice(
      encoding: .windows1252, declared: declared,
      note: "\(reason); read as Windows-1252 (ANSI), the usual 8-bit encoding of such files")
  }

  /// How a note describes a declared name ``TextEncoding/init(declaredName:)`` does not know.
  private static func unknown(_ declared: String) -> String {
    let name = quoted(declared)
    if name.isEmpty { return "HEAD.CHAR is empty" }
    return "HEAD.CHAR names \"\(name)\", a character set this reader does not know"
  }

  /// A declared name as it appears in a note: without surrounding spaces.
  private static func quoted(_ name: String) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
    guard let first = name.firstIndex(where: { !isSpace($0) }),
      let last = name.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(name[first...last])
  }
}

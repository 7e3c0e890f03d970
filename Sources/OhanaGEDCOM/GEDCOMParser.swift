import Foundation
import OhanaFiles
import OhanaParallel

/// Reads GEDCOM 5.5, 5.5.1, 5.5.5 and 7.0 files into a ``GEDCOMDocument``.
///
/// Streaming and byte-level: the bytes are transcoded to UTF-8 once when the file is neither
/// UTF-8 nor ASCII, then every line is cut into level, xref, tag and value by hand-written
/// scanning, with tags and ids interned instead of copied, and each record is reduced to what
/// the graph and the checks need while its lines are fresh (see ``GEDCOMDocument``); a large
/// file is read in parts on all cores. Only "this is not GEDCOM" fails; every other problem
/// becomes a ``Diagnostic``.
public enum GEDCOMParser {
  /// The parser's version; part of the graph cache key, so a change to what parsing produces
  /// must change it.
  public static let version = "ohana-gedcom/1.0.0"

  /// Whether `prefix` (the first bytes of a file) starts like GEDCOM: an optional byte-order
  /// mark, optional blank space, then a level-0 `HEAD` line (UTF-8, 8-bit or UTF-16).
  public static func looksLikeGEDCOM(prefix: UnsafeRawBufferPointer) -> Bool {
    eightBitText(prefix).withUnsafeBytes { headLineOffset($0) != nil }
  }

  /// The bytes without a byte-order mark, with UTF-16 decoded to UTF-8, so that the header can
  /// be read whatever the encoding.
  static func eightBitText(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
    if let mark = TextDecoder.byteOrderMark(raw) {
      let body = UnsafeRawBufferPointer(rebasing: raw[mark.length...])
      return mark.encoding.isUTF16 ? TextDecoder.toUTF8(body, from: mark.encoding).utf8 : Array(body)
    }
    if let utf16 = TextDecoder.unmarkedUTF16(raw) { return TextDecoder.toUTF8(raw, from: utf16).utf8 }
    return Array(raw)
  }

  /// Parses the file at `path`.
  public static func parse(contentsOf path: String) throws(GEDCOMError) -> GEDCOMDocument {
    try refuseTooLarge(path)
    let bytes: [UInt8]
    do { bytes = try WholeFile.read(path) } catch { throw .unreadable(path: path, reason: error.reason) }
    return try parse(bytes: bytes)
  }

  /// Parses a file that nothing truncates or rewrites while the document lives, such as a file
  /// of the content-addressed store: it is mapped into memory instead of copied, and read
  /// where it is when it is UTF-8 or ASCII (see ``MappedFile``).
  public static func parse(immutableFile path: String) throws(GEDCOMError) -> GEDCOMDocument {
    try refuseTooLarge(path)
    let file: MappedFile
    do { file = try MappedFile(path) } catch { throw .unreadable(path: path, reason: error.reason) }
    return try parse(GEDCOMText(file), parts: nil)
  }

  /// Refuses a file too large for the parser's 32-bit offsets before any of it is read.
  private static func refuseTooLarge(_ path: String) throws(GEDCOMError) {
    guard let info = try? FileInfo.of(path), info.size >= Int64(UInt32.max) else { return }
    throw .tooLarge(bytes: Int(info.size))
  }

  /// Parses a whole file's bytes.
  ///
  /// Takes the bytes over when the caller passes its last reference: a file in UTF-8, or in
  /// an 8-bit encoding but all ASCII, is read where it is, without a copy.
  public static func parse(bytes: consuming [UInt8]) throws(GEDCOMError) -> GEDCOMDocument {
    try parse(GEDCOMText(bytes), parts: nil)
  }

  /// ``parse(bytes:)`` read in `parts` parts side by side (default: one per core when large),
  /// their tails taken by idle threads in `tails` sizes.
  static func parse(bytes: consuming [UInt8], parts: Int?, tails: Stretches.Sizes = .init())
    throws(GEDCOMError) -> GEDCOMDocument
  {
    try parse(GEDCOMText(bytes), parts: parts, tails: tails)
  }

  /// Parses `file`, read in `parts` parts side by side (nil: one per core when large). The
  /// text is kept as it is unless it must be transcoded to UTF-8.
  private static func parse(_ file: consuming GEDCOMText, parts: Int?, tails: Stretches.Sizes = .init())
    throws(GEDCOMError) -> GEDCOMDocument
  {
    guard file.count < Int(UInt32.max) else { throw .tooLarge(bytes: file.count) }
    var notes: [Diagnostic] = []
    // UTF-16 first: the header can only be read once the text is 8-bit.
    var text = copy file  // shared, not copied, unless it must be rewritten
    var start = 0
    let mark = file.withUnsafeBytes { TextDecoder.byteOrderMark($0) }
    if mark?.encoding.isUTF16 == true
      || file.withUnsafeBytes({ mark == nil && TextDecoder.unmarkedUTF16($0) != nil })
    {
      text = GEDCOMText(file.withUnsafeBytes { eightBitText($0) })
    } else if let mark {
      start = mark.length
    }
    let header = try text.withUnsafeBytes { bytes throws(GEDCOMError) in
      let body = UnsafeRawBufferPointer(rebasing: bytes[start...])
      guard headLineOffset(body) != nil else { throw .notGEDCOM(describeStart(body)) }
      return HeaderScan.scan(body)
    }
    // Whether the text is ASCII, and valid UTF-8: asked once, of the text after any mark.
    var classified: (ascii: Bool, validUTF8: Bool)?
    func classify(_ bytes: UnsafeRawBufferPointer) -> (ascii: Bool, validUTF8: Bool) {
      let ascii = holdsThroughout(bytes, TextDecoder.isASCII)
      return (ascii, ascii || holdsThroughout(bytes, TextDecoder.isValidUTF8))
    }
    // The choice sees the file as it is, byte-order mark and UTF-16 included; it classifies
    // only a file with neither, which is then `text` whole.
    let choice = file.withUnsafeBytes {
      EncodingChoice.choose(declared: header.characterSet, bytes: $0) { bytes in
        classified = classify(bytes)
        return classified!
      }
    }
    file = GEDCOMText([])  // `text` holds what is still needed
    if let note = choice.note {
      notes.append(Diagnostic(line: 0, severity: .warning, code: "encoding", message: note))
    }
    func facts() -> (ascii: Bool, validUTF8: Bool) {
      classified ?? text.withUnsafeBytes { classify(UnsafeRawBufferPointer(rebasing: $0[start...])) }
    }
    if choice.encoding.isUTF16 {
      // Already decoded above.
    } else if choice.encoding != .utf8, choice.encoding != .ascii {
      // Every 8-bit encoding here reads ASCII as ASCII: only text with other bytes is decoded.
      if !facts().ascii {
        let decoded = text.withUnsafeBytes {
          TextDecoder.toUTF8(UnsafeRawBufferPointer(rebasing: $0[start...]), from: choice.encoding)
        }
        (text, start) = (GEDCOMText(decoded.utf8), 0)
        if decoded.replaced > 0 {
          notes.append(
            Diagnostic(
              line: 0, severity: .warning, code: "encoding",
              message: "\(decoded.replaced) bytes could not be decoded as \(choice.encoding.rawValue) "
                + "and were replaced by U+FFFD"))
        }
      }
    } else if !facts().validUTF8 {
      let decoded = text.withUnsafeBytes {
        TextDecoder.toUTF8(UnsafeRawBufferPointer(rebasing: $0[start...]), from: .utf8)
      }
      (text, start) = (GEDCOMText(decoded.utf8), 0)
      notes.append(
        Diagnostic(
          line: 0, severity: .warning, code: "encoding",
          message: "\(decoded.replaced) invalid byte sequences were replaced by U+FFFD"))
    }
    let version = normalizedVersion(header.version, hasCharacterSet: header.characterSet != nil)
    let lineEnding = text.withUnsafeBytes { TextScan.lineEnding($0, from: start) }
    let scan = text.withUnsafeBytes {
      GEDCOMScan.run(
        $0, from: start, isVersion7: version.hasPrefix("7"),
        carriageReturnsOnly: lineEnding.carriageReturnsOnly,
        parts: parts, tails: tails)
    }
    var document = GEDCOMDocument(
      text: text, textStart: start, scan: scan, declaredVersion: header.version, version: version,
      encoding: choice,
      lineEnding: lineEnding.name, sourceProgram: header.sourceProgram)
    document.diagnostics = notes + scan.diagnostics
    RecordBuilder.build(&document, scan: consume scan)
    ConsistencyChecks.run(&document)
    return document
  }

  /// Whether `test` holds for the whole of a large `text`, asked of two pieces side by side.
  /// The cut is moved on to a byte that starts a character (not `10xxxxxx`), so no UTF-8
  /// sequence is split: each piece is well-formed exactly when the whole is.
  private static func holdsThroughout(
    _ text: UnsafeRawBufferPointer, _ test: @escaping (UnsafeRawBufferPointer) -> Bool
  ) -> Bool {
    func characterStart(_ offset: Int) -> Int {
      var offset = offset
      while offset < text.count, offset > 0, text[offset] & 0xC0 == 0x80 { offset += 1 }
      return offset
    }
    let pieces = Parallel.map(text.count, chunks: 2, minimumPerChunk: GEDCOMScan.smallestPartBytes) { range in
      test(
        UnsafeRawBufferPointer(
          rebasing: text[characterStart(range.lowerBound)..<characterStart(range.upperBound)]))
    }
    return !pieces.contains(false)
  }

  /// `5.5`, `5.5.1`, `5.5.5` or `7.0` from what `HEAD.GEDC.VERS` says; without it, 7.0 when
  /// the header names no character set (7.0 dropped `CHAR`), else 5.5.1.
  static func normalizedVersion(_ declared: String?, hasCharacterSet: Bool) -> String {
    guard let declared = declared?.trimmingCharacters(in: .whitespaces), !declared.isEmpty else {
      return hasCharacterSet ? "5.5.1" : "7.0"
    }
    if declared.hasPrefix("7") { return "7.0" }
    if declared.hasPrefix("5.5.5") { return "5.5.5" }
    if declared.hasPrefix("5.5.1") { return "5.5.1" }
    if declared == "5.5" || declared.hasPrefix("5.5 ") { return "5.5" }
    return "5.5.1"
  }

  /// Offset of the level-0 `HEAD` tag if the text starts with one (after blank space and an
  /// optional xref, as some writers emit `0 @H1@ HEAD`).
  static func headLineOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
    var index = 0
    let count = bytes.count
    func skipBlank(newlines: Bool) {
      while index < count {
        let byte = bytes[index]
        guard byte == 0x20 || byte == 0x09 || (newlines && (byte == 0x0A || byte == 0x0D)) else { return }
        index += 1
      }
    }
    skipBlank(newlines: true)
    guard index < count, bytes[index] == 0x30 else { return nil }
    index += 1
    guard index < count, bytes[index] == 0x20 || bytes[index] == 0x09 else { return nil }
    skipBlank(newlines: false)
    if index < count, bytes[index] == 0x40 {
      index += 1
      while index < count, bytes[index] != 0x40, bytes[index] != 0x0A { index += 1 }
      index += 1
      skipBlank(newlines: false)
    }
    guard index + 4 <= count else { return nil }
    let word = (0..<4).map { bytes[index + $0] & 0xDF }
    guard word == Array("HEAD".utf8) else { return nil }
    if index + 4 < count, !(bytes[index + 4] == 0x20 || bytes[index + 4] == 0x0A || bytes[index + 4] == 0x0D)
    {
      return nil
    }
    return index
  }

  private static func describeStart(_ bytes: UnsafeRawBufferPointer) -> String {
    if bytes.isEmpty { return "the file is empty" }
    let firstLine = bytes.prefix(60).prefix { $0 != 0x0A && $0 != 0x0D }
    let shown = String(decoding: firstLine, as: UTF8.self).unicodeScalars
      .map { $0.value < 0x20 || $0 == "\u{FFFD}" ? "?" : String($0) }.joined()
    return "it does not start with a \"0 HEAD\" line (it starts with \"\(shown)\")"
  }
}

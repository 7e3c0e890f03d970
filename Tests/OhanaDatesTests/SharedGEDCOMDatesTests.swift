import Foundation
import Testing

@testable import OhanaDates

/// Parses every DATE value of the public sample files in the shared data folder.
@Suite("DATE values of the shared GEDCOM samples")
struct SharedGEDCOMDatesTests {
  /// `$OHANA_DATA/gedcom`, else `<repo root>/../shared/data/gedcom`.
  static let gedcomDirectory: URL = {
    if let data = ProcessInfo.processInfo.environment["OHANA_DATA"] {
      return URL(fileURLWithPath: data).appendingPathComponent("gedcom")
    }
    let repositoryRoot = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return repositoryRoot.deletingLastPathComponent()
      .appendingPathComponent("shared/data/gedcom")
  }()

  static let dataIsPresent = FileManager.default.fileExists(atPath: gedcomDirectory.path)

  /// Tally of the dates of one or more files.
  struct Tally {
    var total = 0
    var phrases = 0
    var datesWithRange = 0
    var datesWithoutRange: [String] = []

    /// Share of values that are not phrases (nor empty) and have a day range.
    var rangeShare: Double {
      let dates = datesWithRange + datesWithoutRange.count
      return dates == 0 ? 1 : Double(datesWithRange) / Double(dates)
    }

    mutating func add(_ date: GEDCOMDate) {
      total += 1
      switch date.kind {
      case .phrase, .empty: phrases += 1
      default:
        if date.range == nil { datesWithoutRange.append(date.text) } else { datesWithRange += 1 }
      }
    }
  }

  /// The file as UTF-8 bytes, decoding UTF-16 (recognized by its byte order mark).
  static func utf8Contents(of url: URL) throws -> [UInt8] {
    let data = try Data(contentsOf: url)
    let bytes = [UInt8](data)
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      let text = try #require(String(data: data, encoding: .utf16), "\(url.lastPathComponent)")
      return Array(text.utf8)
    }
    return bytes
  }

  /// Parses the value of every line whose tag is DATE (`level [@xref@] DATE value`).
  static func tallyDates(in bytes: [UInt8]) -> Tally {
    var tally = Tally()
    forEachDateValue(in: bytes) { tally.add(GEDCOMDate(parsing: $0)) }
    return tally
  }

  /// Calls `body` with the value of every line whose tag is DATE.
  static func forEachDateValue(in bytes: [UInt8], _ body: (UnsafeRawBufferPointer) -> Void) {
    bytes.withUnsafeBytes { buffer in
      var lineStart = 0
      while lineStart < buffer.count {
        var lineEnd = lineStart
        while lineEnd < buffer.count, buffer[lineEnd] != 0x0A, buffer[lineEnd] != 0x0D {
          lineEnd += 1
        }
        if let value = dateValue(in: buffer, from: lineStart, to: lineEnd) {
          body(UnsafeRawBufferPointer(rebasing: buffer[value]))
        }
        lineStart = lineEnd + 1
      }
    }
  }

  private static func dateValue(
    in buffer: UnsafeRawBufferPointer, from start: Int, to end: Int
  ) -> Range<Int>? {
    var cursor = start
    func skipSpaces() { while cursor < end, buffer[cursor] == 0x20 { cursor += 1 } }
    func skipField() { while cursor < end, buffer[cursor] != 0x20 { cursor += 1 } }
    skipSpaces()
    let levelStart = cursor
    while cursor < end, buffer[cursor] >= 0x30, buffer[cursor] <= 0x39 { cursor += 1 }
    guard cursor > levelStart else { return nil }
    skipSpaces()
    if cursor < end, buffer[cursor] == 0x40 {
      skipField()
      skipSpaces()
    }
    let tag = Array("DATE".utf8)
    guard end - cursor >= 4, Array(buffer[cursor..<cursor + 4]) == tag else { return nil }
    cursor += 4
    guard cursor == end || buffer[cursor] == 0x20 else { return nil }
    return min(cursor + 1, end)..<end
  }

  @Test(
    "Every DATE value of every sample file parses, nearly all dates to a range",
    .enabled(if: dataIsPresent, "shared GEDCOM data not found (set OHANA_DATA)"))
  func allSamples() throws {
    let files = try FileManager.default.contentsOfDirectory(
      at: Self.gedcomDirectory, includingPropertiesForKeys: nil
    ).filter { $0.pathExtension.lowercased() == "ged" }
    #expect(!files.isEmpty)
    var overall = Tally()
    for file in files {
      let tally = Self.tallyDates(in: try Self.utf8Contents(of: file))
      overall.total += tally.total
      overall.phrases += tally.phrases
      overall.datesWithRange += tally.datesWithRange
      overall.datesWithoutRange += tally.datesWithoutRange
    }
    print(
      "OhanaDates: \(overall.total) DATE values in \(files.count) files: "
        + "\(overall.datesWithRange) with a range, \(overall.datesWithoutRange.count) dates "
        + "without (unknown calendars), \(overall.phrases) phrases or empty")
    #expect(overall.total > 10_000)
    #expect(overall.rangeShare >= 0.99)
    #expect(overall.phrases * 20 < overall.total)
  }

  @Test(
    "The summary agrees with the full parse on every DATE value of every sample file",
    .enabled(if: dataIsPresent, "shared GEDCOM data not found (set OHANA_DATA)"))
  func summaryAgreesWithFullParse() throws {
    let files = try FileManager.default.contentsOfDirectory(
      at: Self.gedcomDirectory, includingPropertiesForKeys: nil
    ).filter { $0.pathExtension.lowercased() == "ged" }
    var compared = 0
    var withProblems = 0
    for file in files {
      Self.forEachDateValue(in: try Self.utf8Contents(of: file)) { value in
        let full = GEDCOMDate(parsing: value)
        let summary = GEDCOMDate.summary(parsing: value)
        #expect(
          summary == GEDCOMDate.Summary(range: full.range, precision: full.precision, hasProblems: !full.problems.isEmpty),
          "\(file.lastPathComponent): \(full.text)")
        compared += 1
        if summary.hasProblems { withProblems += 1 }
      }
    }
    #expect(compared > 10_000)
    #expect(withProblems > 0)
  }

  @Test(
    "Nearly all dates of royal92 and the calendar edge cases have a range",
    .enabled(if: dataIsPresent, "shared GEDCOM data not found (set OHANA_DATA)"),
    arguments: ["gedcom-5.5__royal92.ged", "edge-cases__calendar-dates.ged"])
  func selectedSamples(file: String) throws {
    let url = Self.gedcomDirectory.appendingPathComponent(file)
    let tally = Self.tallyDates(in: try Self.utf8Contents(of: url))
    #expect(tally.total > 50)
    #expect(tally.rangeShare >= 0.95, "without range: \(tally.datesWithoutRange)")
  }

  @Test(
    "UTF-16 files decode to the same dates as their UTF-8 counterparts",
    .enabled(if: dataIsPresent, "shared GEDCOM data not found (set OHANA_DATA)"))
  func utf16Samples() throws {
    for name in ["encoding__utf16le.ged", "encoding__utf16be.ged"] {
      let url = Self.gedcomDirectory.appendingPathComponent(name)
      let tally = Self.tallyDates(in: try Self.utf8Contents(of: url))
      #expect(tally.total > 0, "\(name) should contain DATE lines")
      #expect(tally.datesWithoutRange.isEmpty)
    }
  }
}

import Foundation
import OhanaParallel

/// The engine behind ``CSVTable/parse(bytes:options:)``: reads the records after the header
/// into column builders, in two halves on two threads for large inputs, and puts the halves
/// together (the result does not depend on the split).
///
/// Records are cut into a block of spans, then each column's builder runs over its cells in
/// the block, so the per-column work is a tight loop of one type.
struct CSVReader: @unchecked Sendable {
  /// One stretch of records and what was read from it.
  struct Chunk: Sendable {
    var start: Int
    var line: Int
    var stop: Int?
    var builders: [ColumnBuilder] = []
    var lines: [Int32] = []
    /// Offsets of the kept records (schema mode only, to quote a record with a bad cell).
    var recordStarts: [Int] = []
    var problems: [RowProblem] = []
    /// Where reading ended: the start of the first record not read.
    var end = 0
    var endLine = 0
  }

  /// Inputs at least this large are read in two halves concurrently.
  static let parallelThreshold = 1 << 21
  /// Spans per block (rows × columns), small enough to stay in cache.
  static let blockSpans = 1 << 14

  let text: UnsafeBufferPointer<UInt8>
  let delimiter: UInt8
  let missing: MissingTokens
  let header: [String]
  /// For each header column, the builder it feeds (-1: not kept).
  let targets: [Int]
  /// A builder per kept column, before any row.
  let blankBuilders: [ColumnBuilder]
  /// Whether wholly quoted records are read as the record they hold.
  let repairsQuotedRecords: Bool

  /// Reads every record from `start` (on `line`), returning the chunks in order.
  func read(start: Int, line: Int) -> [Chunk] {
    let remaining = text.count - start
    if remaining >= Self.parallelThreshold, let boundary = recordBoundary(after: start + remaining / 2) {
      let halves = Parallel.map(2) { half in
        half == 0
          ? readChunk(Chunk(start: start, line: line, stop: boundary))
          : readChunk(Chunk(start: boundary, line: 1, stop: nil))
      }
      let first = halves[0]
      var second = halves[1]
      if first.end == boundary {
        // The guess held: the second half began at a record. Its lines counted from 1.
        let offset = first.endLine - 1
        for index in second.lines.indices { second.lines[index] += Int32(offset) }
        for index in second.problems.indices { second.problems[index].line += offset }
        second.line += offset
        second.endLine += offset
      } else {
        // A quoted field spans the guessed boundary: read on from where the first half ended.
        second = readChunk(Chunk(start: first.end, line: first.endLine, stop: nil))
      }
      return [first, second]
    }
    return [readChunk(Chunk(start: start, line: line, stop: nil))]
  }

  /// Joins the chunks into one: a type per column that every chunk fits (re-reading rows as text
  /// where a column became categorical), then the rows of each chunk in order.
  func assemble(_ chunks: [Chunk]) -> Chunk {
    var chunks = chunks
    var joined = [ColumnType?](repeating: nil, count: blankBuilders.count)
    for column in joined.indices {
      for chunk in chunks {
        guard let type = chunk.builders[column].type else { continue }
        joined[column] = joined[column].map { $0.joined(with: type) } ?? type
      }
      guard joined[column] == .categorical else { continue }
      for index in chunks.indices {
        if chunks[index].builders[column].type == nil {
          chunks[index].builders[column].setAllMissingCategorical()
        } else {
          chunks[index].builders[column].convertToCategorical()
        }
      }
    }
    if chunks.count == 1 {
      resolvePending(&chunks[0])
    } else {
      let unresolved = chunks
      chunks = Parallel.map(unresolved.count) { index in
        var chunk = unresolved[index]
        resolvePending(&chunk)
        return chunk
      }
    }
    var result = chunks[0]
    for chunk in chunks.dropFirst() {
      for column in joined.indices {
        result.builders[column].append(chunk.builders[column], as: joined[column])
      }
      result.lines += chunk.lines
      result.recordStarts += chunk.recordStarts
      result.problems += chunk.problems
    }
    return result
  }

  /// The offset just after the first line feed at or after `offset`.
  private func recordBoundary(after offset: Int) -> Int? {
    var index = offset
    while index < text.count {
      if text[index] == UInt8(ascii: "\n") { return index + 1 < text.count ? index + 1 : nil }
      index += 1
    }
    return nil
  }

  /// Reads the records of `chunk` into fresh builders.
  private func readChunk(_ chunk: Chunk) -> Chunk {
    var chunk = chunk
    chunk.builders = blankBuilders
    let keepStarts = blankBuilders.contains { $0.fixed }
    let width = header.count
    let blockRows = max(1, Self.blockSpans / max(width, 1))
    let recent = RecentLevels.allocate(columns: width)
    let spans = UnsafeMutablePointer<CellSpan>.allocate(capacity: blockRows * width)
    let numbers = UnsafeMutablePointer<Double>.allocate(capacity: blockRows)
    let codes = UnsafeMutablePointer<Int32>.allocate(capacity: blockRows)
    var source = CellSource(text, missing: missing)
    defer {
      spans.deallocate()
      numbers.deallocate()
      codes.deallocate()
      recent.deallocate()
      source.release()
    }
    var tokenizer = CSVTokenizer(
      text, delimiter: delimiter, start: chunk.start, line: chunk.line, stop: chunk.stop)
    var rows = 0
    var reserved = false
    let start = chunk.start
    let stop = chunk.stop ?? text.count
    chunk.builders.withUnsafeMutableBufferPointer { builders in
      func flush() {
        if !reserved {
          // The first block tells the bytes per row, hence about how many rows are to come.
          reserved = true
          let perRow = max(1, (tokenizer.position - start) / max(rows, 1))
          let expected = (stop - start) / perRow
          for index in builders.indices { builders[index].reserve(expected + expected / 16 + 16) }
        }
        defer { source.clearSide() }
        for column in 0..<width where targets[column] >= 0 {
          let block = ColumnBuilder.Block(
            spans: spans + column, stride: width, count: rows, numbers: numbers, codes: codes,
            recent: RecentLevels(recent, column: column))
          builders[targets[column]].add(block, &source)
        }
        rows = 0
      }
      // A refused record's spans are overwritten by the next one.
      while let record = tokenizer.next(into: spans + rows * width, capacity: width) {
        switch verdict(record, repairing: spans + rows * width, &source) {
        case .keep: break
        case .skip: continue
        case .reject(let reason):
          chunk.problems.append(rowProblem(record, reason))
          continue
        }
        chunk.lines.append(Int32(truncatingIfNeeded: record.line))
        if keepStarts { chunk.recordStarts.append(record.start) }
        rows += 1
        if rows == blockRows { flush() }
      }
      if rows > 0 { flush() }
    }
    chunk.end = tokenizer.position
    chunk.endLine = tokenizer.line
    return chunk
  }

  /// What becomes of a record.
  private enum Verdict: Equatable {
    case keep
    /// A blank line, skipped silently.
    case skip
    case reject(String)
  }

  /// The verdict on `record`, whose fields are in `fields`; a wholly quoted record that can be
  /// repaired is kept, its fields replaced by those of its content.
  private func verdict(
    _ record: CSVTokenizer.Record, repairing fields: UnsafeMutablePointer<CellSpan>,
    _ source: inout CellSource
  )
    -> Verdict
  {
    let verdict = verdict(record)
    guard case .reject = verdict, repairsQuotedRecords, record.fieldCount == 1, header.count > 1,
      !record.unterminated, record.strayTextField == nil, fields[0].start == record.start + 1
    else { return verdict }
    let start = source.appendToSide(fields[0])
    var inner = CSVTokenizer(source.sideText, delimiter: delimiter, start: start, line: record.line)
    guard let content = inner.next(into: fields, capacity: header.count), content.fieldCount == header.count,
      !content.unterminated, content.strayTextField == nil, inner.position == source.sideText.count
    else { return verdict }
    for index in 0..<header.count { fields[index] = fields[index].inSideText }
    return .keep
  }

  private func verdict(_ record: CSVTokenizer.Record) -> Verdict {
    if record.isBlank { return .skip }
    if record.unterminated { return .reject("a quoted field opened on this record is never closed") }
    let count = record.fieldCount
    if count != header.count {
      return .reject("\(count) field\(count == 1 ? "" : "s"), expected \(header.count) like the header")
    }
    if let field = record.strayTextField {
      return .reject("field \(field + 1) (\(header[field])) has text after its closing quote")
    }
    return .keep
  }

  func rowProblem(_ record: CSVTokenizer.Record, _ reason: String) -> RowProblem {
    let end = min(record.end, record.start + RowProblem.rawLimit)
    let raw = String(decoding: UnsafeBufferPointer(rebasing: text[record.start..<end]), as: UTF8.self)
    return RowProblem(line: record.line, reason: reason, raw: raw)
  }

  /// The record starting at `start`, for quoting it in a problem.
  func record(at start: Int, line: Int) -> CSVTokenizer.Record? {
    var tokenizer = CSVTokenizer(text, delimiter: delimiter, start: start, line: line)
    var fields: [CellSpan] = []
    return tokenizer.next(into: &fields)
  }

  /// Reads the text of the pending rows of `chunk`'s categorical columns again.
  private func resolvePending(_ chunk: inout Chunk) {
    let columns = (0..<header.count).filter {
      targets[$0] >= 0 && chunk.builders[targets[$0]].pendingRows > 0
    }
    guard !columns.isEmpty else { return }
    var tokenizer = CSVTokenizer(
      text, delimiter: delimiter, start: chunk.start, line: chunk.line, stop: chunk.stop)
    let fields = UnsafeMutablePointer<CellSpan>.allocate(capacity: header.count)
    var source = CellSource(text, missing: missing)
    defer {
      fields.deallocate()
      source.release()
    }
    var row = 0
    chunk.builders.withUnsafeMutableBufferPointer { builders in
      while let record = tokenizer.next(into: fields, capacity: header.count) {
        defer { source.clearSide() }
        guard verdict(record, repairing: fields, &source) == .keep else { continue }
        for column in columns { builders[targets[column]].resolve(row: row, source.cell(fields[column])) }
        row += 1
      }
    }
  }
}

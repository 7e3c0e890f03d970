import Foundation
import OhanaParallel

/// The one pass over a document's text: lines (``LineReader``) and records (``RecordScanner``).
///
/// A large text is cut at record lines into parts read side by side, one per core, and the
/// parts are joined in order: tags and texts are interned again in the order the parts met
/// them, each part's ids are looked up in the earlier parts' tables (``XrefTable``), indices
/// are shifted, findings concatenated. The result is the same as one pass; when a part
/// depends on an earlier one in a way the join cannot undo (a record after the trailer, an id
/// given to records in two parts) the text is read again in one pass.
struct GEDCOMScan {
  var tags: SymbolTable
  var xrefs: XrefTable
  /// What the records gave: their columns, with xref ids as in ``xrefs`` (the steps are apart).
  var records: RecordScanner
  /// The link steps of each part, in order.
  var steps: [StepRun]
  /// The reader's findings, in line order, closing remarks included.
  var diagnostics: [Diagnostic]
  var lineCount: Int
  var nodeCount: Int
  /// Number of parts read side by side (1 when read in one pass).
  var parts: Int

  /// The link steps of one part, with what turns its numbers into the whole text's.
  struct StepRun: Sendable {
    var steps: [LinkStep]
    /// The id in ``GEDCOMScan/xrefs`` of each xref id of the part (nil: the same).
    var xrefs: [Int32]?
    /// Added to the part's person, family and finding numbers.
    var people: Int32 = 0
    var families: Int32 = 0
    var notes: Int32 = 0
  }

  /// Texts smaller than this are read in one part.
  static let smallestPartBytes = 1 << 22
  /// The most parts by default: each part's ids are looked up in every earlier part's table.
  static let mostParts = 4

  /// Reads `text[start...]`, in `parts` parts (default: one per core, up to ``mostParts``, for
  /// a large text), their tails taken by idle threads in `tails` sizes.
  static func run(
    _ text: UnsafeRawBufferPointer, from start: Int, isVersion7: Bool, carriageReturnsOnly: Bool,
    parts: Int? = nil, tails: Stretches.Sizes = .init()
  ) -> GEDCOMScan {
    let cores = min(ProcessInfo.processInfo.activeProcessorCount, mostParts)
    let wanted = parts ?? min(cores, max(1, (text.count - start) / smallestPartBytes))
    var bounds = [start]
    if !carriageReturnsOnly, wanted > 1 {
      for part in 1..<wanted {
        let target = start + (text.count - start) * part / wanted
        guard
          let cut = TextScan.recordBoundary(in: text, after: max(target, bounds.last!), before: text.count)
        else {
          break
        }
        bounds.append(cut)
      }
    }
    bounds.append(text.count)
    if bounds.count > 2,
      let joined = readParts(
        text, stretches: Stretches(text, bounds: bounds, sizes: tails), isVersion7: isVersion7)
    {
      return joined
    }
    let counts = TextScan.estimatedRecords(in: text, from: start, to: text.count)
    let part = Part.read(
      text, from: start, to: text.count, isVersion7: isVersion7, carriageReturnsOnly: carriageReturnsOnly,
      linesBefore: 0, counts: counts, room: counts)
    return Joined(part).finished()
  }

  /// The stretches, read in parallel, a thread done with its own taking the unclaimed tail of
  /// another's; then joined in text order. Nil when they cannot be joined.
  private static func readParts(_ text: UnsafeRawBufferPointer, stretches: Stretches, isVersion7: Bool)
    -> GEDCOMScan?
  {
    let first = stretches.start(of: 0)
    // The first part's columns become the whole text's: room for every part's records.
    let whole = TextScan.estimatedRecords(in: text, from: first, to: text.count)
    func read(_ stretch: Int) -> Part {
      // The first part is read at once; the others first count the lines before them, to
      // number their own.
      let start = stretches.start(of: stretch)
      let counts = TextScan.estimatedRecords(in: text, from: start, to: stretches.end(of: stretch))
      return Part.read(
        text, stretch: stretch, of: stretches, isVersion7: isVersion7,
        linesBefore: stretch == 0 ? 0 : TextScan.countLineFeeds(in: text, from: first, to: start),
        counts: counts, room: stretch == 0 ? whole : counts)
    }
    var found = Parallel.map(stretches.count) { stretch in
      var parts = [read(stretch)]
      var last = stretch
      while let tail = stretches.takeTail(after: last) {
        parts.append(read(tail))
        last = tail
      }
      return parts
    }
    // Taken out of the array one by one, so that nothing is held twice while joining.
    var parts = found.flatMap { $0 }
    found = []
    parts.sort { $0.start > $1.start }
    var joined = Joined(parts.removeLast())
    while let part = parts.popLast() {
      guard joined.append(part) else { return nil }
    }
    return joined.finished()
  }

  /// What one part of the text gave.
  private struct Part {
    /// Where the part starts in the text.
    var start: Int
    var reader: LineReader<RecordScanner>
    var records: RecordScanner

    /// Reads `text[start..<end]`, which holds about `counts` records; `room` is the room to make
    /// in the columns, for the parts joined to this one too.
    static func read(
      _ text: UnsafeRawBufferPointer, from start: Int, to end: Int, isVersion7: Bool,
      carriageReturnsOnly: Bool,
      linesBefore: Int,
      counts: TextScan.RecordCounts, room: TextScan.RecordCounts
    ) -> Part {
      read(
        text, from: start, claiming: { $0 < end ? end : $0 }, isVersion7: isVersion7,
        carriageReturnsOnly: carriageReturnsOnly, linesBefore: linesBefore, counts: counts, room: room)
    }

    /// Reads stretch `stretch` of `stretches`, a window at a time.
    static func read(
      _ text: UnsafeRawBufferPointer, stretch: Int, of stretches: Stretches, isVersion7: Bool,
      linesBefore: Int, counts: TextScan.RecordCounts, room: TextScan.RecordCounts
    ) -> Part {
      read(
        text, from: stretches.start(of: stretch), claiming: { stretches.claim(stretch, from: $0) },
        isVersion7: isVersion7, carriageReturnsOnly: false, linesBefore: linesBefore, counts: counts,
        room: room)
    }

    private static func read(
      _ text: UnsafeRawBufferPointer, from start: Int, claiming claim: (Int) -> Int, isVersion7: Bool,
      carriageReturnsOnly: Bool, linesBefore: Int, counts: TextScan.RecordCounts, room: TextScan.RecordCounts
    ) -> Part {
      var reader = LineReader<RecordScanner>(
        tags: Tag.newTable(), isVersion7: isVersion7, carriageReturnsOnly: carriageReturnsOnly,
        reportsDiagnostics: true, linesBefore: linesBefore)
      var scanner = RecordScanner(records: counts, room: room)
      reader.read(text, from: start, claiming: claim, into: &scanner)
      reader.diagnostics = merged(reader.diagnostics, scanner.lineFindings)
      scanner.lineFindings = []
      return Part(start: start, reader: reader, records: scanner)
    }

    /// The reader's findings (in line order) with the scanner's findings on record lines, each
    /// after the reader's findings on the same line, as a single pass would have them.
    private static func merged(_ lines: [Diagnostic], _ records: [Diagnostic]) -> [Diagnostic] {
      guard !records.isEmpty else { return lines }
      var result: [Diagnostic] = []
      result.reserveCapacity(lines.count + records.count)
      var next = 0
      for finding in records {
        while next < lines.count, lines[next].line <= finding.line {
          result.append(lines[next])
          next += 1
        }
        result.append(finding)
      }
      result += lines[next...]
      return result
    }
  }

  /// The parts joined so far.
  private struct Joined {
    var reader: LineReader<RecordScanner>
    var records: RecordScanner
    var xrefs: XrefTable
    var steps: [StepRun]
    var parts = 1

    init(_ first: Part) {
      reader = first.reader
      records = first.records
      xrefs = XrefTable(records.xrefs)
      records.xrefs = SymbolTable()
      steps = [StepRun(steps: records.steps)]
      records.steps = []
    }

    /// Adds the part that follows; false when the two cannot be joined. Each column of `next`
    /// is let go once copied, so that the two are never held whole at once.
    mutating func append(_ next: consuming Part) -> Bool {
      guard reader.trailerLine == 0 else { return false }  // its records would follow the trailer
      let nodeShift = reader.base
      let recordShift = Int32(records.recordNodes.count)
      let xrefOf = xrefs.append(next.records.xrefs)
      next.records.xrefs = SymbolTable()
      let textOf = records.texts.intern(contentsOf: next.records.texts)
      _ = reader.tags.intern(contentsOf: next.reader.tags)
      records.recordOfXref += repeatElement(-1, count: xrefs.count - records.recordOfXref.count)
      for (id, node) in next.records.recordOfXref.enumerated() where node >= 0 {
        let joined = Int(xrefOf[id])
        guard records.recordOfXref[joined] < 0 else { return false }  // one id, two records
        records.recordOfXref[joined] = node + Int32(nodeShift)
      }
      next.records.recordOfXref = []
      steps.append(
        StepRun(
          steps: next.records.steps, xrefs: xrefOf, people: Int32(records.index.personCount),
          families: Int32(records.index.familyCount), notes: Int32(records.notes.count)))
      next.records.steps = []
      records.recordNodes += next.records.recordNodes.lazy.map { $0 + Int32(nodeShift) }
      next.records.recordNodes = []
      records.recordXref += next.records.recordXref.lazy.map { $0 >= 0 ? xrefOf[Int($0)] : -1 }
      next.records.recordXref = []
      records.recordOffset += next.records.recordOffset
      next.records.recordOffset = []
      records.recordLine += next.records.recordLine
      next.records.recordLine = []
      records.index.append(
        &next.records.index, records: recordShift, nodes: Int32(nodeShift), xrefs: xrefOf, texts: textOf)
      records.notes += next.records.notes
      reader.diagnostics += next.reader.diagnostics
      if reader.blankLines == 0 { reader.firstBlankLine = next.reader.firstBlankLine }
      reader.blankLines += next.reader.blankLines
      reader.trailerLine = next.reader.trailerLine
      reader.lineCount = next.reader.lineCount
      reader.base += next.reader.base
      parts += 1
      return true
    }

    func finished() -> GEDCOMScan {
      let closing = LineReader<RecordScanner>.closingDiagnostics(
        blankLines: reader.blankLines, firstBlankLine: reader.firstBlankLine, trailerLine: reader.trailerLine,
        lineCount: reader.lineCount)
      return GEDCOMScan(
        tags: reader.tags, xrefs: xrefs, records: records, steps: steps,
        diagnostics: reader.diagnostics + closing,
        lineCount: reader.lineCount, nodeCount: reader.base, parts: parts)
    }
  }
}

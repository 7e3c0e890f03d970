import OhanaFiles

/// A table read from CSV, stored by column.
///
/// Records with the wrong number of fields (or broken quoting) are not dropped silently: each
/// is listed in ``problems`` with its 1-based physical line, and left out of the columns.
public struct CSVTable: Sendable, Equatable {
  /// The columns, in header order.
  public var columns: [TableColumn]
  /// The number of kept rows (every column has this many values).
  public var rowCount: Int
  /// The records left out, in line order.
  public var problems: [RowProblem]
  /// The field delimiter the file was read with.
  public var delimiter: UInt8
  /// The 1-based physical line each kept row starts on, for messages about rows.
  public var lines: [Int32]

  /// A table of `columns` (all of one length); `lines` default to 2, 3, … (after a header).
  public init(
    columns: [TableColumn], problems: [RowProblem] = [], delimiter: UInt8 = UInt8(ascii: ","),
    lines: [Int32]? = nil
  ) {
    let rows = columns.first?.count ?? lines?.count ?? 0
    precondition(columns.allSatisfy { $0.count == rows }, "CSVTable: columns of different lengths")
    self.columns = columns
    rowCount = rows
    self.problems = problems
    self.delimiter = delimiter
    self.lines = lines ?? (0..<rows).map { Int32($0 + 2) }
    precondition(self.lines.count == rows, "CSVTable: \(self.lines.count) lines for \(rows) rows")
  }

  /// The column called `named`, if any.
  public func column(named: String) -> TableColumn? { columns.first { $0.name == named } }

  /// The header names, in order.
  public var columnNames: [String] { columns.map(\.name) }

  /// Reads CSV bytes, inferring each column's type (see ``ColumnType``).
  ///
  /// RFC 4180: quoted fields with doubled quotes, delimiters and line breaks inside; LF, CRLF or
  /// CR line endings; a UTF-8 byte-order mark is skipped; a trailing line break is optional and
  /// blank lines are skipped. The first record is the header: names are trimmed, an empty name
  /// becomes `column_N` (N its 1-based position), and a name used twice is an error. Cells are
  /// trimmed of spaces and tabs. Text is taken as UTF-8 (invalid bytes become U+FFFD).
  public static func parse(bytes: [UInt8], options: CSVOptions = CSVOptions()) throws(TabularError)
    -> CSVTable
  {
    try read(bytes, options) { header throws(TabularError) in
      (Array(header.indices), header.map { _ in ColumnBuilder() }, header, header.map { _ in nil })
    }
  }

  private static func read(_ path: String) throws(TabularError) -> [UInt8] {
    do { return try WholeFile.read(path) } catch {
      throw TabularError("cannot read \(path): \(error.reason)")
    }
  }

  /// Reads a CSV file (see ``parse(bytes:options:)``).
  public static func parse(contentsOf path: String, options: CSVOptions = CSVOptions()) throws(TabularError)
    -> CSVTable
  {
    try parse(bytes: read(path), options: options)
  }

  /// Reads CSV bytes against a known schema, e.g. rows to predict: the columns are the schema's
  /// fields, in its order, with its types and levels.
  ///
  /// A cell that does not fit its field's type (an integer field also takes `3.0` and `007`, a
  /// boolean field also takes 0 and 1) makes its row a problem naming the column and value.
  /// Categorical values outside the schema's levels are kept as missing (code -1), and are not
  /// a problem; a field with an open domain (no levels) keeps its values as read. File columns the schema lacks are ignored. A schema field absent from the file
  /// is an error, except the target (rows to predict have none).
  public static func parse(bytes: [UInt8], schema: TableSchema, options: CSVOptions = CSVOptions())
    throws(TabularError) -> CSVTable
  {
    try read(bytes, options) { header throws(TabularError) in
      var targets = [Int](repeating: -1, count: header.count)
      var builders: [ColumnBuilder] = []
      var names: [String] = []
      var levels: [[String]?] = []
      for field in schema.fields {
        guard let position = header.firstIndex(of: field.name) else {
          if field.name == schema.target { continue }
          throw TabularError(
            "column \"\(field.name)\" of schema \(schema.version) is not in the file (its columns: "
              + "\(header.joined(separator: ", "))); add it or register a new schema version")
        }
        targets[position] = builders.count
        names.append(field.name)
        if field.type == .categorical && field.levels.isEmpty {
          // An open domain: the values as they come, with their type inferred.
          builders.append(ColumnBuilder())
          levels.append(nil)
        } else {
          builders.append(ColumnBuilder(type: field.type, levels: field.levels))
          levels.append(field.type == .categorical ? field.levels : nil)
        }
      }
      return (targets, builders, names, levels)
    }
  }

  /// Reads a CSV file against a known schema (see ``parse(bytes:schema:options:)``).
  public static func parse(contentsOf path: String, schema: TableSchema, options: CSVOptions = CSVOptions())
    throws(TabularError) -> CSVTable
  {
    try parse(bytes: read(path), schema: schema, options: options)
  }

  /// What to build from a header: the builder of each header column (-1 to ignore it), the
  /// builders, their column names, and fixed levels of categorical schema fields.
  typealias ColumnPlan = (targets: [Int], builders: [ColumnBuilder], names: [String], levels: [[String]?])

  private static func read(
    _ bytes: [UInt8], _ options: CSVOptions, plan: ([String]) throws(TabularError) -> ColumnPlan
  ) throws(TabularError) -> CSVTable {
    guard bytes.count <= CSVTokenizer.maximumInputBytes else {
      throw TabularError("the file has \(bytes.count) bytes, more than the 2 GiB a table may have; split it")
    }
    let result: Result<CSVTable, TabularError> = bytes.withUnsafeBufferPointer { text in
      do throws(TabularError) {
        return .success(try read(text, options, plan: plan))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  private static func read(
    _ text: UnsafeBufferPointer<UInt8>, _ options: CSVOptions,
    plan: ([String]) throws(TabularError) -> ColumnPlan
  ) throws(TabularError) -> CSVTable {
    let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    let start = text.count >= 3 && Array(text[0..<3]) == byteOrderMark ? 3 : 0
    if let delimiter = options.delimiter, [UInt8(ascii: "\""), 10, 13].contains(delimiter) {
      throw TabularError("a quote or line break cannot be the delimiter; use , ; tab or |")
    }
    let delimiter = options.delimiter ?? DelimiterDetector.detect(text, start: start)
    var tokenizer = CSVTokenizer(text, delimiter: delimiter, start: start, line: 1)
    var fields: [CellSpan] = []
    var headerRecord: CSVTokenizer.Record?
    while let record = tokenizer.next(into: &fields) {
      if !record.isBlank {
        headerRecord = record
        break
      }
    }
    guard let headerRecord else {
      throw TabularError("the file has no header line; a CSV table starts with a line naming its columns")
    }
    if headerRecord.unterminated {
      throw TabularError("the header opens a quoted name that is never closed", line: headerRecord.line)
    }
    let header = try headerNames(text, fields, line: headerRecord.line)
    let (targets, builders, names, levels) = try plan(header)
    let reader = CSVReader(
      text: text, delimiter: delimiter, missing: MissingTokens(options.missingTokens), header: header,
      targets: targets, blankBuilders: builders, repairsQuotedRecords: options.repairsQuotedRecords)
    let assembled = reader.assemble(reader.read(start: tokenizer.position, line: tokenizer.line))
    var table = CSVTable(
      columns: assembled.builders.indices.map {
        assembled.builders[$0].column(named: names[$0], schemaLevels: levels[$0])
      },
      problems: assembled.problems, delimiter: delimiter, lines: assembled.lines)
    if assembled.builders.contains(where: { !$0.failures.isEmpty }) {
      table = table.rejectingFailures(assembled, reader: reader)
    }
    return table
  }

  /// The header's names: trimmed, doubled quotes undone, empty ones named `column_N`.
  private static func headerNames(_ text: UnsafeBufferPointer<UInt8>, _ fields: [CellSpan], line: Int)
    throws(TabularError) -> [String]
  {
    var source = CellSource(text, missing: MissingTokens([]))
    defer { source.release() }
    var names: [String] = []
    var seen: [String: Int] = [:]
    for (index, span) in fields.enumerated() {
      let cell = source.cell(span)
      var name = String(decoding: UnsafeBufferPointer(start: cell.text, count: cell.count), as: UTF8.self)
      if name.isEmpty { name = "column_\(index + 1)" }
      if let earlier = seen[name] {
        throw TabularError(
          "the header names column \(earlier + 1) and column \(index + 1) both \"\(name)\"; give each column "
            + "its own name", line: line)
      }
      seen[name] = index
      names.append(name)
    }
    return names
  }

  /// Moves rows with cells that did not fit the schema into ``problems``.
  private func rejectingFailures(_ assembled: CSVReader.Chunk, reader: CSVReader) -> CSVTable {
    var reasons: [Int: [String]] = [:]
    for (index, builder) in assembled.builders.enumerated() {
      let column = columns[index]
      for failure in builder.failures {
        reasons[failure.row, default: []].append(
          "column \"\(column.name)\": \"\(failure.text)\" is not \(column.type.article)")
      }
    }
    var problems = self.problems
    for (row, cells) in reasons {
      let line = Int(lines[row])
      let raw =
        reader.record(at: assembled.recordStarts[row], line: line).map { reader.rowProblem($0, "").raw } ?? ""
      problems.append(RowProblem(line: line, reason: cells.joined(separator: "; "), raw: raw))
    }
    var table = selecting(rows: (0..<rowCount).filter { reasons[$0] == nil })
    table.problems = problems.sorted { $0.line < $1.line }
    return table
  }

  /// The version of the binary form written by ``encoded()``.
  public static let formatVersion = TableCodec.formatVersion

  /// The table in a versioned, checksummed binary form that loads much faster than parsing
  /// (see ``init(decoding:)``). The same table always gives the same bytes.
  public func encoded() -> [UInt8] { TableCodec.encode(self) }

  /// Reads bytes written by ``encoded()``. Any damage (wrong magic or version, bad checksum,
  /// inconsistent counts) throws; nothing in the bytes can crash the reader.
  public init(decoding bytes: [UInt8]) throws(TabularError) { self = try TableCodec.decode(bytes) }

  /// The rows of `self` then those of `other`, for training on every dataset of a pipeline.
  ///
  /// Columns are matched by name; one only in one table is missing in the other's rows (columns
  /// of `other` alone come last). Types must agree, except that integers join floats as floats
  /// and a column with no value takes the other's type. Categorical levels are merged (sorted
  /// by bytes, unless both tables have the same levels) and codes remapped. Lines and problems
  /// are concatenated; they refer to each table's own file.
  public func appending(_ other: CSVTable) throws(TabularError) -> CSVTable {
    var names = columnNames
    for name in other.columnNames where !names.contains(name) { names.append(name) }
    var joined: [TableColumn] = []
    for name in names {
      joined.append(
        try Self.join(column(named: name), rowCount, other.column(named: name), other.rowCount, name: name))
    }
    return CSVTable(
      columns: joined, problems: problems + other.problems, delimiter: delimiter, lines: lines + other.lines)
  }

  /// The rows of `first` then `second` (either may be absent: all missing).
  private static func join(
    _ first: TableColumn?, _ firstRows: Int, _ second: TableColumn?, _ secondRows: Int, name: String
  )
    throws(TabularError) -> TableColumn
  {
    func hasValues(_ column: TableColumn?) -> Bool { column.map { $0.missingCount < $0.count } ?? false }
    let type: ColumnType
    switch (first, second) {
    case (let first?, let second?) where hasValues(first) && hasValues(second):
      type = first.type.joined(with: second.type)
      guard type != .categorical || (first.type == .categorical && second.type == .categorical) else {
        throw TabularError(
          "column \"\(name)\" is \(first.type.rawValue) in one table and \(second.type.rawValue) in the other; "
            + "read both with the pipeline's schema")
      }
    case (let first?, let second?): type = hasValues(first) ? first.type : second.type
    case (let first?, nil): type = first.type
    case (nil, let second?): type = second.type
    case (nil, nil): type = .float
    }
    guard type == .categorical else {
      let numbers =
        (first?.type.isNumeric == true ? first!.numbers : Array(repeating: .nan, count: firstRows))
        + (second?.type.isNumeric == true ? second!.numbers : Array(repeating: .nan, count: secondRows))
      return TableColumn(name: name, type: type, numbers: numbers)
    }
    let firstLevels = first?.type == .categorical ? first!.levels : []
    let secondLevels = second?.type == .categorical ? second!.levels : []
    let levels =
      firstLevels == secondLevels || secondLevels.isEmpty
      ? firstLevels
      : Set(firstLevels + secondLevels).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    var index: [String: Int32] = [:]
    for (position, level) in levels.enumerated() { index[level] = Int32(position) }
    func codes(_ column: TableColumn?, _ rows: Int) -> [Int32] {
      guard let column, column.type == .categorical else { return Array(repeating: -1, count: rows) }
      if column.levels == levels { return column.codes }
      let remap = column.levels.map { index[$0]! }
      return column.codes.map { $0 >= 0 ? remap[Int($0)] : -1 }
    }
    return TableColumn(
      name: name, type: .categorical, codes: codes(first, firstRows) + codes(second, secondRows),
      levels: levels)
  }

  /// The given rows, in the given order (repeats allowed); ``problems`` are kept.
  public func selecting(rows: [Int]) -> CSVTable {
    var selected = self
    selected.columns = columns.map { column in
      var column = column
      if column.type == .categorical {
        column.codes = rows.map { column.codes[$0] }
      } else {
        column.numbers = rows.map { column.numbers[$0] }
      }
      return column
    }
    selected.lines = rows.map { lines[$0] }
    selected.rowCount = rows.count
    return selected
  }
}

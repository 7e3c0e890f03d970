/// Collects one column's cells, a block of rows at a time: inferring its type on the fly, or
/// checking cells against a fixed type from a schema.
///
/// Inference keeps values as numbers while every cell parses as the current type (widening
/// integer to float); the first cell that does not turns the column categorical, and the rows
/// read before are marked to be read again as text (``pendingRows``). Each type has its own
/// loop over the block, so the per-cell work is one parse and one store.
struct ColumnBuilder {
  /// Code of a row whose text must be read again after a switch to categorical.
  static let pending: Int32 = -2

  /// The cells of one column in a block of rows: `spans[row * stride]`.
  struct Block {
    let spans: UnsafePointer<CellSpan>
    let stride: Int
    let count: Int
    /// Room for `count` values, shared by all columns.
    let numbers: UnsafeMutablePointer<Double>
    let codes: UnsafeMutablePointer<Int32>
    /// This column's cache of recent levels (for the whole chunk), checked before ``levels``.
    let recent: RecentLevels

    @inline(__always)
    subscript(row: Int) -> CellSpan { spans[row * stride] }
  }

  /// The type so far; `nil` while every cell was missing.
  private(set) var type: ColumnType?
  /// Whether the type came from a schema (cells that do not fit are ``failures``).
  let fixed: Bool
  private(set) var numbers: [Double] = []
  private(set) var codes: [Int32] = []
  private(set) var levels = LevelTable()
  /// Per level code: whether the level is a missing-value token (such rows get code -1).
  private var missingLevels: [Bool] = []
  /// Rows marked ``pending``.
  private(set) var pendingRows = 0
  /// Schema mode: rows whose cell did not fit, with the cell's text.
  private(set) var failures: [(row: Int, text: String)] = []

  /// A builder inferring the type.
  init() { fixed = false }

  /// A builder for a schema field: categorical cells get the index of their level (unknown
  /// levels are missing).
  init(type: ColumnType, levels: [String]) {
    fixed = true
    self.type = type
    for level in levels { _ = self.levels.code(level) }
  }

  var rowCount: Int { type == .categorical ? codes.count : numbers.count }

  /// Makes room for `rows` rows in all, so the arrays are not copied as they grow.
  mutating func reserve(_ rows: Int) {
    if type == .categorical { codes.reserveCapacity(rows) } else { numbers.reserveCapacity(rows) }
  }

  /// Adds a block of cells.
  mutating func add(_ block: Block, _ source: inout CellSource) {
    var row = 0
    while row < block.count {
      switch type {
      case nil: row = addFirst(block, row, &source)
      case .categorical?: row = fixed ? addKnownCodes(block, row, &source) : addCodes(block, row, &source)
      case .some(let kind):
        row = fixed ? addCheckedNumbers(block, row, &source) : addNumbers(kind, block, row, &source)
      }
    }
  }

  /// Adds the cell at `row` while the type is unknown; it decides the type unless missing.
  private mutating func addFirst(_ block: Block, _ row: Int, _ source: inout CellSource) -> Int {
    let cell = source.cell(block[row])
    if source.missing.contains(cell.text, cell.count) {
      numbers.append(.nan)
      return row + 1
    }
    let found = CellParsing.type(of: cell.text, cell.count)
    if found == .categorical {
      // The room reserved for numbers goes to the codes.
      var reserved = Array(repeating: Int32(-1), count: numbers.count)
      reserved.reserveCapacity(numbers.capacity)
      codes = reserved
      numbers = []
    }
    // The cell itself is added by the loop of its type.
    type = found
    return row
  }

  /// Adds cells while they parse as `kind` (integer or float, boolean, date), returning the
  /// first row that does not (the column then becomes categorical).
  private mutating func addNumbers(
    _ kind: ColumnType, _ block: Block, _ first: Int, _ source: inout CellSource
  ) -> Int {
    var row = first
    var isFloat = kind == .float
    // Missing tokens are looked for only in cells that do not parse, unless a token parses.
    let checkMissingFirst = source.missing.shadowsValues
    // Short decimals are read inline, the rest through the general parse.
    let numeric = kind == .integer || kind == .float
    while row < block.count {
      let cell = source.cell(block[row])
      let value: Double
      if checkMissingFirst && source.missing.contains(cell.text, cell.count) {
        value = .nan
      } else if numeric && cell.overread,
        let parsed = CellParsing.packedDecimal(cell.text, cell.count, isFloat: &isFloat)
      {
        value = parsed
      } else if let parsed = Self.parse(kind, cell.text, cell.count, isFloat: &isFloat) {
        value = parsed
      } else if source.missing.contains(cell.text, cell.count) {
        value = .nan
      } else {
        break
      }
      block.numbers[row - first] = value
      row += 1
    }
    numbers.append(contentsOf: UnsafeBufferPointer(start: block.numbers, count: row - first))
    if isFloat && kind == .integer { type = .float }
    if row < block.count { convertToCategorical() }
    return row
  }

  /// The value of a cell of a numeric type, noting whether a number was written as a float.
  @inline(__always)
  private static func parse(
    _ kind: ColumnType, _ text: UnsafePointer<UInt8>, _ count: Int, isFloat: inout Bool
  )
    -> Double?
  {
    switch kind {
    case .integer, .float:
      if let value = CellParsing.shortDecimal(text, count, isFloat: &isFloat) { return value }
      guard let number = CellParsing.number(text, count) else { return nil }
      if !number.isInteger { isFloat = true }
      return number.value
    case .boolean: return CellParsing.boolean(text, count).map { $0 ? 1 : 0 }
    case .date: return CivilDate.parseDays(text, count).map(Double.init)
    case .categorical: return nil
    }
  }

  /// Adds categorical cells, interning their text.
  private mutating func addCodes(_ block: Block, _ first: Int, _ source: inout CellSource) -> Int {
    let recent = block.recent
    for row in first..<block.count {
      let cell = source.cell(block[row])
      let key =
        cell.overread
        ? LevelTable.paddedKey(cell.text, cell.count) : LevelTable.key(cell.text, cell.count, overread: false)
      if let code = recent.code(key) {
        block.codes[row - first] = code
        continue
      }
      let code = levels.code(key, cell.text)
      if Int(code) == missingLevels.count {
        missingLevels.append(source.missing.contains(cell.text, cell.count))
      }
      let stored = missingLevels[Int(code)] ? -1 : code
      block.codes[row - first] = stored
      recent.remember(key, stored)
    }
    codes.append(contentsOf: UnsafeBufferPointer(start: block.codes, count: block.count - first))
    return block.count
  }

  /// Schema mode, categorical: the index of each cell's level, -1 for unknown levels.
  private mutating func addKnownCodes(_ block: Block, _ first: Int, _ source: inout CellSource) -> Int {
    for row in first..<block.count {
      let cell = source.cell(block[row])
      var code = levels.existingCode(cell.text, cell.count, overread: cell.overread)
      // Levels are strings: bytes that are not UTF-8 match the level they were repaired into.
      if code == nil
        && UnsafeBufferPointer(start: cell.text, count: cell.count).contains(where: { $0 >= 0x80 })
      {
        code = levels.existingRepairedCode(cell.text, cell.count)
      }
      block.codes[row - first] = code ?? -1
    }
    codes.append(contentsOf: UnsafeBufferPointer(start: block.codes, count: block.count - first))
    return block.count
  }

  /// Schema mode, numeric types: cells that do not fit become ``failures`` (stored as missing).
  /// An integer field takes whole numbers written with a fraction (`3.0`) or leading zeros;
  /// a boolean field takes 0 and 1.
  private mutating func addCheckedNumbers(_ block: Block, _ first: Int, _ source: inout CellSource) -> Int {
    let kind = type ?? .float
    let checkMissingFirst = source.missing.shadowsValues
    for row in first..<block.count {
      let cell = source.cell(block[row])
      var value = Double.nan
      if !(checkMissingFirst && source.missing.contains(cell.text, cell.count)) {
        // Plain decimals, most cells of number fields, are read inline; the rest by `checked`.
        var isFloat = false
        var parsed: Double?
        if kind == .integer || kind == .float {
          parsed = CellParsing.shortDecimal(cell.text, cell.count, isFloat: &isFloat)
        }
        if parsed == nil || (isFloat && kind == .integer) {
          parsed = Self.checked(kind, cell.text, cell.count)
        }
        if let parsed {
          value = parsed
        } else if !source.missing.contains(cell.text, cell.count) {
          let text = String(decoding: UnsafeBufferPointer(start: cell.text, count: cell.count), as: UTF8.self)
          failures.append((numbers.count + row - first, text))
        }
      }
      block.numbers[row - first] = value
    }
    numbers.append(contentsOf: UnsafeBufferPointer(start: block.numbers, count: block.count - first))
    return block.count
  }

  /// The value of a cell for a schema field of numeric type `kind`, or `nil` when it does not fit.
  private static func checked(_ kind: ColumnType, _ text: UnsafePointer<UInt8>, _ count: Int) -> Double? {
    var isFloat = false
    switch kind {
    case .integer, .float:
      if let value = CellParsing.shortDecimal(text, count, isFloat: &isFloat), kind == .float || !isFloat {
        return value
      }
      guard let value = CellParsing.number(text, count, inferring: false)?.value else { return nil }
      return kind == .float || CellParsing.isWhole(value) ? value : nil
    case .boolean:
      if let flag = CellParsing.boolean(text, count) { return flag ? 1 : 0 }
      let value = CellParsing.shortDecimal(text, count, isFloat: &isFloat)
      return value == 0 || value == 1 ? value : nil
    case .date:
      return CivilDate.parseDays(text, count).map(Double.init)
    case .categorical:
      return nil
    }
  }

  /// Makes the column categorical; rows that had a value become ``pending``.
  mutating func convertToCategorical() {
    guard type != .categorical else { return }
    codes = numbers.map { $0.isNaN ? -1 : Self.pending }
    pendingRows = codes.count - numbers.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
    numbers = []
    type = .categorical
  }

  /// Fills a pending row with its text.
  mutating func resolve(row: Int, _ cell: (text: UnsafePointer<UInt8>, count: Int, overread: Bool)) {
    guard codes[row] == Self.pending else { return }
    let code = levels.code(cell.text, cell.count, overread: cell.overread)
    // Missing cells were never pending, so no pending text is a missing-value token.
    if Int(code) == missingLevels.count { missingLevels.append(false) }
    codes[row] = code
    pendingRows -= 1
  }

  /// Appends `other`'s rows; both have been brought to the `joined` type (numbers may differ
  /// by integer and float).
  mutating func append(_ other: ColumnBuilder, as joined: ColumnType?) {
    let rowsBefore = rowCount
    if joined == .categorical && fixed {
      // Schema levels: the same codes in every chunk.
      codes.append(contentsOf: other.codes)
    } else if joined == .categorical {
      let remap = levels.absorb(other.levels)
      for code in remap.indices where Int(remap[code]) == missingLevels.count {
        missingLevels.append(other.missingLevels[code])
      }
      codes.append(contentsOf: other.codes)
      // Renumbered in place: one pass over contiguous codes, no per-element append.
      codes[rowsBefore...].withUnsafeMutableBufferPointer { appended in
        remap.withUnsafeBufferPointer { remap in
          for index in appended.indices where appended[index] >= 0 {
            appended[index] = remap[Int(appended[index])]
          }
        }
      }
    } else {
      numbers.append(contentsOf: other.numbers)
    }
    failures.append(contentsOf: other.failures.map { ($0.row + rowsBefore, $0.text) })
    type = joined
  }

  /// Makes a column with no value at all categorical (all codes missing).
  mutating func setAllMissingCategorical() {
    codes = Array(repeating: -1, count: numbers.count)
    numbers = []
    type = .categorical
  }

  /// The finished column: categorical levels sorted by their bytes (schema levels kept as given).
  func column(named name: String, schemaLevels: [String]? = nil) -> TableColumn {
    guard let type else { return TableColumn(name: name, type: .float, numbers: numbers) }
    guard type == .categorical else { return TableColumn(name: name, type: type, numbers: numbers) }
    if let schemaLevels {
      return TableColumn(name: name, type: .categorical, codes: codes, levels: schemaLevels)
    }
    // Missing-value tokens are not levels; distinct bytes that are not valid UTF-8 can decode
    // to one string, and those merge.
    let strings = levels.strings
    let kept = strings.indices.filter { !missingLevels[$0] }.map { strings[$0] }
    let sorted = Set(kept).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    var index: [String: Int32] = [:]
    for (position, level) in sorted.enumerated() { index[level] = Int32(position) }
    let remap = strings.indices.map { missingLevels[$0] ? -1 : index[strings[$0]]! }
    let identity = remap.enumerated().allSatisfy { Int32($0.offset) == $0.element }
    let finalCodes = identity ? codes : codes.map { $0 >= 0 ? remap[Int($0)] : $0 }
    return TableColumn(name: name, type: .categorical, codes: finalCodes, levels: sorted)
  }
}

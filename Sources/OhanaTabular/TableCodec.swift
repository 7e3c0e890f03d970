/// The binary form of a ``CSVTable``: a 24-byte header (magic `OHTB`, format version, payload
/// length, XXH64 checksum of the payload) and a payload holding the row count, delimiter,
/// lines, problems, then each column.
///
/// Columns are stored compactly: numbers that are all whole and small as 1-, 2- or 4-byte
/// integers (the smallest value of the width marks a missing value), other numbers as raw
/// doubles, category codes as 1-, 2- or 4-byte unsigned integers offset by one (0 = missing)
/// after their levels. Deterministic: the same table always gives the same bytes.
enum TableCodec {
  static let formatVersion = 1
  private static let magic: [UInt8] = Array("OHTB".utf8)
  private static let headerSize = 24

  /// Type codes, fixed independently of the order of ``ColumnType``'s cases.
  private static let typeCodes: [ColumnType: UInt8] = [
    .integer: 0, .float: 1, .boolean: 2, .categorical: 3, .date: 4,
  ]
  /// Storage tags: raw doubles, or integers of the tagged width (codes add 0x10).
  private static let rawDoubles: UInt8 = 0x08
  private static let codeTag: UInt8 = 0x10

  static func encode(_ table: CSVTable) -> [UInt8] {
    var out = ByteWriter()
    // The header is written first and its length and checksum filled in at the end, so the
    // payload is never copied.
    out.bytes.reserveCapacity(headerSize + 16 + table.rowCount * (4 + table.columns.count))
    out.bytes += magic
    out.u32(UInt32(formatVersion))
    out.u64(0)
    out.u64(0)
    out.u64(UInt64(table.rowCount))
    out.u8(table.delimiter)
    out.u64(UInt64(table.columns.count))
    out.u64(UInt64(table.problems.count))
    out.raw(table.lines)
    for problem in table.problems {
      out.u64(UInt64(bitPattern: Int64(problem.line)))
      out.string(problem.reason)
      out.string(problem.raw)
    }
    for column in table.columns {
      out.string(column.name)
      out.u8(typeCodes[column.type]!)
      if column.type == .categorical {
        encodeCodes(column, into: &out)
      } else {
        encodeNumbers(column.numbers, into: &out)
      }
    }
    let length = UInt64(out.bytes.count - headerSize)
    let checksum = out.bytes.withUnsafeBytes {
      Checksum.xxh64(UnsafeRawBufferPointer(rebasing: $0[headerSize...]))
    }
    out.bytes.withUnsafeMutableBytes { raw in
      raw.storeBytes(of: length.littleEndian, toByteOffset: 8, as: UInt64.self)
      raw.storeBytes(of: checksum.littleEndian, toByteOffset: 16, as: UInt64.self)
    }
    return out.bytes
  }

  private static func encodeCodes(_ column: TableColumn, into out: inout ByteWriter) {
    let width = column.levels.count < 0xFF ? 1 : column.levels.count < 0xFFFF ? 2 : 4
    out.u8(codeTag | UInt8(width))
    out.u64(UInt64(column.levels.count))
    for level in column.levels { out.string(level) }
    out.integers(column.codes, width: width) { $0 &+ 1 }
  }

  private static func encodeNumbers(_ numbers: [Double], into out: inout ByteWriter) {
    var low = 0.0
    var high = 0.0
    var whole = true
    for value in numbers where !value.isNaN {
      guard abs(value) < 2_147_483_648, CellParsing.isWhole(value), value != 0 || value.sign == .plus else {
        whole = false
        break
      }
      low = min(low, value)
      high = max(high, value)
    }
    // The smallest value of each width stands for "missing".
    func fits(_ bits: Int) -> Bool { low > -Double(1 << (bits - 1)) && high < Double(1 << (bits - 1)) }
    guard whole else {
      out.u8(rawDoubles)
      out.raw(numbers)
      return
    }
    let width = fits(8) ? 1 : fits(16) ? 2 : 4
    let missing = Int32(truncatingIfNeeded: -1 << (8 * width - 1))
    out.u8(UInt8(width))
    out.integers(numbers, width: width) { $0.isNaN ? missing : Int32($0) }
  }

  static func decode(_ bytes: [UInt8]) throws(TabularError) -> CSVTable {
    let result: Result<CSVTable, TabularError> = bytes.withUnsafeBytes { raw in
      do throws(TabularError) {
        return .success(try decode(raw))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  private static func decode(_ raw: UnsafeRawBufferPointer) throws(TabularError) -> CSVTable {
    var header = ByteReader(raw)
    guard raw.count >= headerSize, Array(try header.take(4)) == magic else {
      throw TabularError("not a table artifact (no OHTB header); rebuild it from its CSV")
    }
    let version = try header.u32()
    guard version == UInt32(formatVersion) else {
      throw TabularError(
        "table artifact format \(version) is not the supported format \(formatVersion); rebuild it from its CSV"
      )
    }
    let length = try header.u64()
    let checksum = try header.u64()
    guard length == UInt64(raw.count - headerSize) else { throw ByteReader.truncated }
    let payload = UnsafeRawBufferPointer(rebasing: raw[headerSize...])
    guard Checksum.xxh64(payload) == checksum else {
      throw TabularError("the table artifact fails its checksum (it is corrupt); rebuild it from its CSV")
    }
    var input = ByteReader(payload)
    let rows = try input.count(each: 4)
    let delimiter = try input.u8()
    let columnCount = try input.count(each: 2)
    let problemCount = try input.count(each: 16)
    let lines = try array(Int32.self, rows, &input)
    var problems: [RowProblem] = []
    problems.reserveCapacity(problemCount)
    for _ in 0..<problemCount {
      let line = Int(Int64(bitPattern: try input.u64()))
      problems.append(RowProblem(line: line, reason: try input.string(), raw: try input.string()))
    }
    var columns: [TableColumn] = []
    columns.reserveCapacity(columnCount)
    for _ in 0..<columnCount { columns.append(try decodeColumn(rows, &input)) }
    guard input.remaining == 0 else { throw ByteReader.truncated }
    return CSVTable(columns: columns, problems: problems, delimiter: delimiter, lines: lines)
  }

  private static func decodeColumn(_ rows: Int, _ input: inout ByteReader) throws(TabularError) -> TableColumn
  {
    let name = try input.string()
    let typeCode = try input.u8()
    guard let type = typeCodes.first(where: { $0.value == typeCode })?.key else { throw ByteReader.truncated }
    let storage = try input.u8()
    if type == .categorical {
      let width = Int(storage ^ codeTag)
      guard storage & codeTag != 0, [1, 2, 4].contains(width) else { throw ByteReader.truncated }
      let levelCount = try input.count(each: 4)
      var levels: [String] = []
      levels.reserveCapacity(levelCount)
      for _ in 0..<levelCount { levels.append(try input.string()) }
      let codes = try widened(Int32.self, rows, width: width, signed: false, &input) { (raw: UInt32) in
        Int32(truncatingIfNeeded: raw &- 1)
      }
      guard codes.allSatisfy({ $0 >= -1 && Int($0) < levelCount }) else { throw ByteReader.truncated }
      return TableColumn(name: name, type: type, codes: codes, levels: levels)
    }
    let numbers: [Double]
    switch storage {
    case rawDoubles: numbers = try array(Double.self, rows, &input)
    case 1, 2, 4:
      // The smallest value of the width marks a missing value.
      let missing = Int32(truncatingIfNeeded: -1 << (8 * Int(storage) - 1))
      numbers = try widened(Double.self, rows, width: Int(storage), signed: true, &input) { (raw: UInt32) in
        let value = Int32(truncatingIfNeeded: raw)
        return value == missing ? .nan : Double(value)
      }
    default: throw ByteReader.truncated
    }
    return TableColumn(name: name, type: type, numbers: numbers)
  }

  /// `count` little-endian integers of `width` bytes (widened to 32 bits with or without their
  /// sign), each converted by `convert`.
  private static func widened<Element>(
    _: Element.Type, _ count: Int, width: Int, signed: Bool, _ input: inout ByteReader,
    _ convert: (UInt32) -> Element
  ) throws(TabularError) -> [Element] {
    let (size, overflow) = count.multipliedReportingOverflow(by: width)
    guard !overflow else { throw ByteReader.truncated }
    let source = try input.take(size)
    return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
      guard count > 0, let base = source.baseAddress else { return }
      switch (width, signed) {
      case (1, true):
        for index in 0..<count {
          buffer[index] = convert(UInt32(bitPattern: Int32(base.load(fromByteOffset: index, as: Int8.self))))
        }
      case (1, false):
        for index in 0..<count {
          buffer[index] = convert(UInt32(base.load(fromByteOffset: index, as: UInt8.self)))
        }
      case (2, true):
        for index in 0..<count {
          let raw = Int16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * index, as: Int16.self))
          buffer[index] = convert(UInt32(bitPattern: Int32(raw)))
        }
      case (2, false):
        for index in 0..<count {
          buffer[index] = convert(
            UInt32(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))))
        }
      default:
        for index in 0..<count {
          buffer[index] = convert(
            UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)))
        }
      }
      initialized = count
    }
  }

  /// `count` fixed-width values copied from the input.
  private static func array<Element: BitwiseCopyable>(
    _: Element.Type, _ count: Int, _ input: inout ByteReader
  ) throws(TabularError) -> [Element] {
    let (size, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
    guard !overflow else { throw ByteReader.truncated }
    let source = try input.take(size)
    return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
      if size > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source) }
      initialized = count
    }
  }
}

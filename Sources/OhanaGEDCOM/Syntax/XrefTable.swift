import OhanaParallel

/// The xrefs of a document read in parts: each part's ``SymbolTable`` as the part built it, the
/// ids of a later part numbered after the earlier parts'. A key met in several parts keeps the
/// id of its first part, which ``find(_:)`` returns; ``append(_:)`` maps the later copies' ids
/// to it, and they are not used once the parts are joined.
struct XrefTable: Sendable {
  private var tables: [SymbolTable]
  /// The id of each table's first key.
  private var starts: [Int32]

  init(_ first: SymbolTable) {
    tables = [first]
    starts = [0]
  }

  /// Number of ids (later copies of a key included).
  var count: Int { Int(starts[starts.count - 1]) + tables[tables.count - 1].count }

  /// The id of `key` if it is there.
  func find(_ key: UnsafeRawBufferPointer) -> Int32? {
    for (table, start) in zip(tables, starts) {
      if let id = table.find(key) { return start + id }
    }
    return nil
  }

  /// The id of a string key if it is there.
  func find(_ key: String) -> Int32? {
    var key = key
    return key.withUTF8 { find(UnsafeRawBufferPointer($0)) }
  }

  /// Whether every key is ASCII.
  var keysAreASCII: Bool { tables.allSatisfy(\.keysAreASCII) }

  /// The key of `id` as a string.
  func name(_ id: Int32) -> String {
    withKey(id) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the key bytes of `id`.
  func withKey<R>(_ id: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    var part = starts.count - 1
    while starts[part] > id { part -= 1 }
    return try tables[part].withKey(id - starts[part], body)
  }

  /// Adds the table of the next part; the id here of each of its ids. Its keys are looked up
  /// in the earlier tables, in two halves side by side, with their slots touched in batches.
  mutating func append(_ table: SymbolTable) -> [Int32] {
    let start = Int32(count)
    let earlier = self
    let halves = Parallel.map(2) { half in
      let ids = half == 0 ? 0..<table.count / 2 : table.count / 2..<table.count
      var mapped: [Int32] = []
      mapped.reserveCapacity(ids.count)
      for batch in stride(from: ids.lowerBound, to: ids.upperBound, by: 32) {
        let batch = Int32(batch)..<Int32(min(ids.upperBound, batch + 32))
        var touched: UInt64 = 0
        for id in batch {
          table.withKey(id) { key in
            for earlierTable in earlier.tables { touched &+= earlierTable.touch(key) }
          }
        }
        SymbolTable.keep(touched)
        for id in batch { mapped.append(table.withKey(id) { earlier.find($0) } ?? start + id) }
      }
      return mapped
    }
    tables.append(table)
    starts.append(start)
    return halves[0] + halves[1]
  }
}

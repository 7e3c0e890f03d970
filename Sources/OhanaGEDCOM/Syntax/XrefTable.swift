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
    withReaders { Self.find(key, in: $0, starts: starts) }
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
    let part = Self.part(of: id, starts: starts)
    return try tables[part].withKey(id - starts[part], body)
  }

  /// The part whose ids include `id`.
  private static func part(of id: Int32, starts: [Int32]) -> Int {
    var part = starts.count - 1
    while starts[part] > id { part -= 1 }
    return part
  }

  /// Every id's bytes in place (see ``SymbolTable/Keys``).
  struct Keys {
    let tables: [SymbolTable.Keys]
    let starts: [Int32]

    subscript(id: Int32) -> UnsafeRawBufferPointer {
      let part = XrefTable.part(of: id, starts: starts)
      return tables[part][id - starts[part]]
    }
  }

  /// Calls `body` with the keys of every part in place, valid during the call only.
  func withKeys<R>(_ body: (Keys) throws -> R) rethrows -> R {
    try withReaders { try body(Keys(tables: $0.map(\.keys), starts: starts)) }
  }

  /// Adds the table of the next part; the id here of each of its ids. Its keys are looked up
  /// in the earlier tables, in two halves side by side, with their slots prefetched in batches.
  mutating func append(_ table: SymbolTable) -> [Int32] {
    let start = Int32(count)
    let earlierStarts = starts
    // Both halves read the tables in place: through calls that retain them, the two threads
    // would contend for the tables' reference counts.
    let halves = withReaders { earlier in
      table.withKeys { keys in
        Parallel.map(table.count, chunks: 2) { ids in
          var mapped: [Int32] = []
          mapped.reserveCapacity(ids.count)
          for batch in stride(from: ids.lowerBound, to: ids.upperBound, by: 32) {
            let batch = Int32(batch)..<Int32(min(ids.upperBound, batch + 32))
            for id in batch {
              for reader in earlier { reader.prefetch(keys[id]) }
            }
            for id in batch {
              mapped.append(Self.find(keys[id], in: earlier, starts: earlierStarts) ?? start + id)
            }
          }
          return mapped
        }
      }
    }
    tables.append(table)
    starts.append(start)
    return Array(halves.joined())
  }

  /// Calls `body` with each table's lookups in place, valid during the call only.
  private func withReaders<R>(_ body: ([SymbolTable.Reader]) throws -> R) rethrows -> R {
    func nest(_ part: Int, _ readers: [SymbolTable.Reader]) throws -> R {
      guard part < tables.count else { return try body(readers) }
      return try tables[part].withReader { try nest(part + 1, readers + [$0]) }
    }
    return try nest(0, [])
  }

  /// The id of `key` through the tables' readers: the first table that has it gives it.
  private static func find(_ key: UnsafeRawBufferPointer, in readers: [SymbolTable.Reader], starts: [Int32])
    -> Int32?
  {
    for (reader, start) in zip(readers, starts) {
      if let id = reader.find(key) { return start + id }
    }
    return nil
  }
}

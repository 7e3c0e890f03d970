/// A small direct-mapped cache from the keys of one column's short categorical values (at most
/// 16 bytes, whole in their ``LevelTable/Key``) to their stored codes. A column with few levels
/// finds nearly every cell here with one multiply and one compare, a branch that rarely
/// mispredicts, where the level table would probe its slots.
///
/// A view on entries the reader allocates for all columns of a chunk (``allocate(columns:)``)
/// and frees when the chunk is read: no allocation per column, and nothing kept in the builders.
struct RecentLevels {
  struct Entry {
    var low: UInt64
    var high: UInt64
    /// -1 for an empty entry.
    var length: Int
    var code: Int32
  }

  /// Entries per column, a power of two.
  private static let bits = 6
  static let entriesPerColumn = 1 << bits

  private let entries: UnsafeMutablePointer<Entry>

  /// Empty caches for `columns` columns; the caller deallocates them.
  static func allocate(columns: Int) -> UnsafeMutablePointer<Entry> {
    let count = max(columns, 1) * entriesPerColumn
    let entries = UnsafeMutablePointer<Entry>.allocate(capacity: count)
    entries.initialize(repeating: Entry(low: 0, high: 0, length: -1, code: -1), count: count)
    return entries
  }

  /// The cache of column `column` in `storage` (from ``allocate(columns:)``).
  init(_ storage: UnsafeMutablePointer<Entry>, column: Int) {
    entries = storage + column * Self.entriesPerColumn
  }

  @inline(__always)
  private static func slot(_ key: LevelTable.Key) -> Int {
    // The length is not mixed in: values of different lengths differ in their padded bytes,
    // except for trailing zero bytes, which only share a slot.
    let mixed = (key.low ^ (key.high &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15
    return Int(truncatingIfNeeded: mixed &>> UInt64(64 - bits))
  }

  /// The code remembered for `key`, if any.
  @inline(__always)
  func code(_ key: LevelTable.Key) -> Int32? {
    let entry = entries[Self.slot(key)]
    return entry.low == key.low && entry.high == key.high && entry.length == key.length ? entry.code : nil
  }

  /// Remembers the code of `key` (in place of another value with the same slot); values longer
  /// than 16 bytes are not kept.
  @inline(__always)
  func remember(_ key: LevelTable.Key, _ code: Int32) {
    guard key.length <= 16 else { return }
    entries[Self.slot(key)] = Entry(low: key.low, high: key.high, length: key.length, code: code)
  }
}

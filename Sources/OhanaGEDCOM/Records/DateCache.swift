import OhanaDates

/// The summaries of date values read before, by their bytes.
///
/// A tree repeats its dates: royal92 has 4,019 `DATE` lines and 2,112 distinct values, and a
/// year alone or a full date recurs across families. Reading a date costs hundreds of
/// instructions; finding it here, a few dozen. Values of up to sixteen bytes (nearly all) are
/// kept, one per slot of a direct-mapped table, a newer value taking the slot of an older one.
struct DateCache {
  private static let slotCount = 16384

  /// Each slot's value: its first sixteen bytes (zero-padded), and its length + 1 (0: empty).
  private var heads = [(UInt64, UInt64)](repeating: (0, 0), count: slotCount)
  private var lengths = [UInt8](repeating: 0, count: slotCount)
  private var summaries = [GEDCOMDate.Summary](
    repeating: GEDCOMDate.Summary(range: nil, precision: .none, hasProblems: false), count: slotCount)

  /// ``GEDCOMDate/summary(parsing:)`` of `value`.
  mutating func summary(_ value: UnsafeRawBufferPointer) -> GEDCOMDate.Summary {
    guard value.count <= 16 else { return GEDCOMDate.summary(parsing: value) }
    let head = SymbolTable.head(value)
    let mixed = (head.0 ^ head.1 &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(value.count)) &* 0xBF58_476D_1CE4_E5B9
    let slot = Int(truncatingIfNeeded: mixed >> 50)
    if lengths[slot] == UInt8(value.count + 1), heads[slot] == head { return summaries[slot] }
    let summary = GEDCOMDate.summary(parsing: value)
    heads[slot] = head
    lengths[slot] = UInt8(value.count + 1)
    summaries[slot] = summary
    return summary
  }
}

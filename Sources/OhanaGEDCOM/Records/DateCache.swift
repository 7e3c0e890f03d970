import OhanaDates

/// The summaries of date values read before, by their bytes.
///
/// A tree repeats its dates: royal92 has 4,019 `DATE` lines and 2,112 distinct values, and a
/// year alone or a full date recurs across families. Reading a date costs hundreds of
/// instructions; finding it here, a few dozen. Values of up to sixteen bytes (nearly all) are
/// kept (see ``ShortKeyCache``).
struct DateCache {
  private var cache = ShortKeyCache(
    slotBits: 14, empty: GEDCOMDate.Summary(range: nil, precision: .none, hasProblems: false))

  /// Has the processor fetch the slot a lookup of `value` reads, without waiting for it.
  func prefetch(_ value: UnsafeRawBufferPointer) { cache.prefetch(value) }

  /// ``GEDCOMDate/summary(parsing:)`` of `value`.
  mutating func summary(_ value: UnsafeRawBufferPointer) -> GEDCOMDate.Summary {
    if let known = cache[value] { return known }
    let summary = GEDCOMDate.summary(parsing: value)
    cache[value] = summary
    return summary
  }
}

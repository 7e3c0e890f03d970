import Foundation

/// Makes the C allocator hand large blocks back to the system as soon as they are freed.
///
/// glibc serves a block of 128 KiB or more with a mapping of its own, unmapped when freed, but
/// raises that threshold (up to 32 MiB) to the size of every such block freed. After one parse
/// a later one then takes its tables from the heap, where the blocks a growing array leaves
/// behind stay resident, and its peak memory was a quarter higher than the first's. A fixed
/// threshold keeps every parse like the first.
enum LargeAllocations {
  /// Blocks from this size on get mappings of their own.
  static let threshold: Int32 = 1 << 20

  /// Fixes the threshold, once per process (glibc's `mallopt`; nothing elsewhere).
  static func returnWhenFreed() { _ = fixed }

  private static let fixed: Void = {
    // glibc's mallopt and M_MMAP_THRESHOLD, which Swift's Glibc module does not export.
    typealias SetOption = @convention(c) (Int32, Int32) -> Int32
    let mmapThreshold: Int32 = -3
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
    _ = unsafeBitCast(symbol, to: SetOption.self)(mmapThreshold, threshold)
  }()
}

import Foundation

/// The C allocator's settings for a process that reads whole files and builds large tables.
///
/// glibc serves a block of 128 KiB or more with a mapping of its own, unmapped when freed, and
/// raises that threshold (up to 32 MiB) to the size of every such block freed; it gives the top
/// of a heap back to the system as soon as little of it is free, and gives each thread that
/// contends for a lock a heap of its own. So a second GEDCOM parse took its tables from a heap
/// where the blocks a growing array leaves behind stay resident (its peak memory a quarter
/// higher than the first parse's), and the CSV reader faulted in again the pages it had just
/// given back. Fixed settings keep each run like the first, measured on both readers.
///
/// This is process-wide: executables apply it once at start; libraries never do.
public enum MemoryPolicy {
  /// Blocks from this size on get mappings of their own, unmapped when freed.
  public static let mmapThreshold = 512 << 10

  /// Free memory kept at the top of the heap, so that the next burst of allocations finds its
  /// pages already resident (with less, the CSV reader's page faults came back).
  public static let topPad = 64 << 20

  /// Heaps the threads share: one, so that the padding is kept once, not once per thread (with
  /// a heap per thread it lifted a GEDCOM parse's peak above 3x the file).
  public static let arenas = 1

  /// Applies ``mmapThreshold``, ``topPad`` and ``arenas`` to the process; later calls do
  /// nothing more. Call it before starting threads.
  ///
  /// - Returns: true when the allocator took every setting; false where it is not glibc's,
  ///   whose defaults then stay.
  @discardableResult
  public static func applyForBatchWork() -> Bool { applied }

  private static let applied: Bool = {
    // glibc's mallopt and its option numbers (malloc.h), which Swift's Glibc module does not
    // export; found at run time so that other C libraries simply keep their defaults.
    typealias SetOption = @convention(c) (Int32, Int32) -> Int32
    let topPadOption: Int32 = -2
    let mmapThresholdOption: Int32 = -3
    let arenaMaxOption: Int32 = -8
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
    let setOption = unsafeBitCast(symbol, to: SetOption.self)
    let settings = [(mmapThresholdOption, mmapThreshold), (topPadOption, topPad), (arenaMaxOption, arenas)]
    // mallopt answers 1 when it took the value; every setting is tried, even after a refusal.
    return settings.map { setOption($0.0, Int32($0.1)) == 1 }.allSatisfy { $0 }
  }()
}

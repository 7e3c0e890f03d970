/// Evidence, from the bytes of 0x80 and above, for ANSEL against Windows-1252.
///
/// Both put their most frequent non-ASCII bytes in 0xE0-0xFE: ANSEL's combining diacritics, which
/// always come just before a letter, and Windows-1252's lowercase accented letters, which are often
/// followed by a letter too. What tells them apart:
/// - a diacritic byte before an uppercase letter ("É" is `E2 45` in ANSEL) is ANSEL;
/// - a diacritic byte before a lowercase letter it composes with (`E8 75` → "ü") leans ANSEL, before
///   one it does not compose with (`FC 6C`, "ül" in Windows-1252) leans Windows-1252;
/// - a diacritic byte before a space, punctuation, a line end or the end (the "é" of "José ") is
///   Windows-1252, since an ANSEL diacritic needs a base letter;
/// - a byte ANSEL leaves undefined (0x80-0x9F, 0xD0-0xDF, …) is Windows-1252.
struct HighByteProfile: Sendable, Equatable {
  /// Weighted occurrences that read naturally as ANSEL.
  var anselEvidence = 0
  /// Weighted occurrences that read naturally as Windows-1252.
  var windowsEvidence = 0

  /// Whether ANSEL clearly dominates (more than twice the Windows-1252 evidence).
  var looksLikeANSEL: Bool { anselEvidence > 0 && anselEvidence > 2 * windowsEvidence }

  /// Weighs every byte of 0x80 and above in `bytes`.
  init(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress else { return }
    let count = bytes.count
    let precomposed = ANSELDecoder.precomposed
    var index = 0
    while index < count {
      index = TextDecoder.skipASCII(base, from: index, count: count)
      guard index < count else { break }
      let byte = base.load(fromByteOffset: index, as: UInt8.self)
      index &+= 1
      if ANSELDecoder.isCombining(byte) {
        let next: UInt8 = index < count ? base.load(fromByteOffset: index, as: UInt8.self) : 0
        switch next {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
          anselEvidence += 3
        case UInt8(ascii: "a")...UInt8(ascii: "z"):
          if precomposed[Int(byte &- 0xE0) &* 128 &+ Int(next)] != 0 {
            anselEvidence += 1
          } else {
            windowsEvidence += 2
          }
        case _ where ANSELDecoder.isCombining(next):
          anselEvidence += 1  // diacritics stacked on one letter
        default:
          windowsEvidence += 3
        }
      } else if ANSELDecoder.scalar(byte) == 0xFFFD {
        windowsEvidence += 3
      }
    }
  }
}

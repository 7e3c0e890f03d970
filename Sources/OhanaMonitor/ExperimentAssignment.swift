/// One arm of an A/B experiment.
public enum Variant: String, Sendable, CaseIterable {
  /// The current model.
  case control
  /// The model under test.
  case treatment
}

/// Deterministic assignment of ids to experiment arms and to canary traffic: the same id and
/// salt always land in the same place, on every machine and in every release.
///
/// The position of an id is a stable hash, not Swift's per-process randomized `hashValue`:
/// 64-bit FNV-1a over the UTF-8 bytes of the salt, a unit separator (0x1F) and the id, then
/// SplitMix64's finalizer to spread FNV's weak low bits; the top 53 bits give a fraction in [0, 1).
/// A different salt per experiment makes assignments of different experiments independent.
public enum ExperimentAssignment {
  /// The id's position in [0, 1) under `salt`.
  public static func position(id: String, salt: String) -> Double {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ byte: UInt8) {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    for byte in salt.utf8 { mix(byte) }
    mix(0x1F)
    for byte in id.utf8 { mix(byte) }
    var z = hash
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Double(z >> 11) * 0x1p-53
  }

  /// The arm of `id`: treatment for a share `treatmentShare` (0…1) of ids, control otherwise.
  public static func variant(id: String, salt: String, treatmentShare: Double) -> Variant {
    position(id: id, salt: salt) < treatmentShare ? .treatment : .control
  }

  /// Whether `id` goes to the canary model, which receives a share `traffic` (0…1) of ids.
  /// Raising `traffic` keeps every id already on the canary there.
  public static func routesToCanary(id: String, salt: String, traffic: Double) -> Bool {
    position(id: id, salt: salt) < traffic
  }
}

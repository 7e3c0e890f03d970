import OhanaJSON

/// What one pass over the inbox did.
public struct IngestSummary: Sendable, Equatable {
  /// Inputs stored and recorded (an archive counts once).
  public var accepted = 0
  /// Datasets whose content was already in the store.
  public var duplicates = 0
  /// Datasets created or given a new source name.
  public var datasets = 0
  /// Inputs moved to `rejected/`.
  public var rejected = 0
  /// Files left for later: still open for writing, or not yet settled.
  public var waiting = 0
  /// Earliest time (seconds since the epoch) at which a waiting file may be ready.
  public var nextCheck: Double?

  public init() {}

  mutating func add(_ other: IngestSummary) {
    accepted += other.accepted
    duplicates += other.duplicates
    datasets += other.datasets
    rejected += other.rejected
    waiting += other.waiting
    if let time = other.nextCheck { nextCheck = min(nextCheck ?? time, time) }
  }

  /// A one-line account for people.
  public var sentence: String {
    "accepted \(accepted), rejected \(rejected), new datasets \(datasets), duplicates \(duplicates), waiting \(waiting)"
  }
}

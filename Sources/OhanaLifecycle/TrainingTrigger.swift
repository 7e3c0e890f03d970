import Foundation

/// When training is due, computed from the files alone so that asking twice gives the same
/// answer and `ohana tick` run twice does nothing the second time.
public struct TrainingTrigger: Sendable, Equatable {
  /// New datasets that make a run due.
  public var minNewDatasets: Int
  /// Times of day (UTC, `HH:MM`) at which a run is due.
  public var schedule: [String]

  /// New rows (of tables) that make a run due, when set.
  public var minNewRows: Int?

  public init(minNewDatasets: Int, schedule: [String], minNewRows: Int? = nil) {
    self.minNewDatasets = minNewDatasets
    self.schedule = schedule
    self.minNewRows = minNewRows
  }

  /// Why a run is due now, or nil.
  ///
  /// - Parameters:
  ///   - datasets: every dataset of the pipeline.
  ///   - trainedOn: the datasets of the last run (empty when there was none).
  ///   - lastRun: when the last run started (seconds since 1970), nil when there was none.
  ///   - now: the current time (seconds since 1970).
  ///   - rows: rows per dataset, for tables (``minNewRows``).
  public func reason(
    datasets: Set<String>, trainedOn: Set<String>, lastRun: Double?, now: Double, rows: [String: Int] = [:]
  ) -> String? {
    guard !datasets.isEmpty else { return nil }
    let freshSets = datasets.subtracting(trainedOn)
    let fresh = freshSets.count
    if fresh >= minNewDatasets {
      return "\(fresh) new dataset\(fresh == 1 ? "" : "s") since the last run (threshold \(minNewDatasets))"
    }
    if let minNewRows, fresh > 0 {
      let newRows = freshSets.reduce(0) { $0 + (rows[$1] ?? 0) }
      if newRows >= minNewRows { return "\(newRows) new rows since the last run (threshold \(minNewRows))" }
    }
    guard fresh > 0 || lastRun == nil else { return nil }
    for time in schedule {
      guard let slot = Self.latestOccurrence(of: time, atOrBefore: now) else { continue }
      if lastRun.map({ $0 < slot }) ?? true {
        return "scheduled at \(time) UTC"
      }
    }
    return nil
  }

  /// The most recent instant at or before `now` whose UTC time of day is `time` (`HH:MM`).
  public static func latestOccurrence(of time: String, atOrBefore now: Double) -> Double? {
    let parts = time.split(separator: ":")
    guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0..<24).contains(hours),
      (0..<60).contains(minutes)
    else { return nil }
    let day = (now / 86_400).rounded(.down) * 86_400
    let today = day + Double(hours * 3_600 + minutes * 60)
    return today <= now ? today : today - 86_400
  }
}

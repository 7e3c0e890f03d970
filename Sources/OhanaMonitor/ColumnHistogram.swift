import Foundation
import OhanaJSON

/// What a report shows of one column's distribution in both samples: shares per bin (numeric,
/// equal-width bins over both samples' range) or per level (the most frequent levels, the rest
/// together), so reports summarize instead of embedding data.
public struct ColumnHistogram: Sendable, Equatable {
  /// Bin labels: "[low, high)" ranges or level names.
  public var labels: [String]
  /// For numeric columns the bin edges (one more than labels), else empty.
  public var edges: [Double]
  /// The reference share in each bin.
  public var reference: [Double]
  /// The current share in each bin.
  public var current: [Double]

  /// The label that gathers the levels beyond the most frequent ones.
  public static let otherLevels = "(other)"

  /// A histogram from its parts.
  public init(labels: [String], edges: [Double], reference: [Double], current: [Double]) {
    self.labels = labels
    self.edges = edges
    self.reference = reference
    self.current = current
  }

  /// Equal-width bins over the range of both (non-empty) samples.
  init(reference: NumericSample, current: NumericSample, bins: Int) {
    let low = min(reference.sorted[0], current.sorted[0])
    let high = max(reference.sorted[reference.count - 1], current.sorted[current.count - 1])
    let binCount = high > low ? max(1, bins) : 1
    let step = (high - low) / Double(binCount)
    var edges = (0...binCount).map { low + Double($0) * step }
    edges[binCount] = high
    func shares(_ sample: NumericSample) -> [Double] {
      var below = edges.dropLast().map { sample.countBelow($0) }
      below.append(sample.count)
      return (0..<binCount).map { Double(below[$0 + 1] - below[$0]) / Double(sample.count) }
    }
    self.edges = edges
    labels = (0..<binCount).map { index in
      let closing = index == binCount - 1 ? "]" : ")"
      return "[\(Self.short(edges[index])), \(Self.short(edges[index + 1]))\(closing)"
    }
    self.reference = shares(reference)
    self.current = shares(current)
  }

  /// The `levels` most frequent levels over both samples (ties by name), the rest as one.
  init(counts: CategoryCounts, levels: Int) {
    let referenceTotal = Double(max(counts.referenceTotal, 1))
    let currentTotal = Double(max(counts.currentTotal, 1))
    let order = counts.levels.indices.filter { counts.reference[$0] + counts.current[$0] > 0 }.sorted {
      let left = counts.reference[$0] + counts.current[$0]
      let right = counts.reference[$1] + counts.current[$1]
      return left != right ? left > right : counts.levels[$0] < counts.levels[$1]
    }
    let shown = order.prefix(max(1, levels))
    labels = shown.map { counts.levels[$0] }
    edges = []
    reference = shown.map { Double(counts.reference[$0]) / referenceTotal }
    current = shown.map { Double(counts.current[$0]) / currentTotal }
    let rest = order.dropFirst(shown.count)
    if !rest.isEmpty {
      labels.append(Self.otherLevels)
      reference.append(Double(rest.reduce(0) { $0 + counts.reference[$1] }) / referenceTotal)
      current.append(Double(rest.reduce(0) { $0 + counts.current[$1] }) / currentTotal)
    }
  }

  /// The histogram as JSON.
  public var json: JSONValue {
    var object: [String: JSONValue] = [
      "labels": .array(labels.map { .string($0) }), "reference": .array(reference.map { .double($0) }),
      "current": .array(current.map { .double($0) }),
    ]
    if !edges.isEmpty { object["edges"] = .array(edges.map { .double($0) }) }
    return .object(object)
  }

  /// Four significant digits, enough to tell bins apart in a label.
  static func short(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e9 { return String(Int64(value)) }
    let magnitude = abs(value)
    if magnitude >= 1e-3 && magnitude < 1e6 {
      let digits = max(0, 3 - Int(log10(magnitude).rounded(.down)))
      let scale = pow(10, Double(digits))
      return String((value * scale).rounded() / scale)
    }
    return String(format: "%.3g", value)
  }
}

import Foundation

/// Metrics in the Prometheus text exposition format (0.0.4), as node_exporter's textfile
/// collector reads them: every family with `# HELP` and `# TYPE`, series without timestamps,
/// families sorted by name and series by labels so the same metrics give the same bytes.
///
/// Names are checked when added: metric names match `[a-zA-Z_:][a-zA-Z0-9_:]*`, label names
/// `[a-zA-Z_][a-zA-Z0-9_]*` without a leading `__`, counters end in `_total`, and a family keeps
/// one type and one help text. Label values and help text are escaped.
public struct PrometheusExposition: Sendable {
  /// The kinds of metric this builder writes.
  public enum MetricType: String, Sendable {
    case gauge
    case counter
    case histogram
  }

  private struct Family: Sendable {
    var type: MetricType
    var help: String
    /// Exposition lines per series, keyed by the rendered label set.
    var series: [String: [String]] = [:]
  }

  private var families: [String: Family] = [:]

  /// An empty exposition.
  public init() {}

  /// Adds one gauge series.
  public mutating func gauge(_ name: String, help: String, labels: [String: String] = [:], value: Double)
    throws(MonitorError)
  {
    let rendered = try labelText(labels, forbidding: [])
    try add(
      name, type: .gauge, help: help, key: rendered,
      lines: ["\(name)\(braced(rendered)) \(Self.number(value))"])
  }

  /// Adds one counter series (the name must end in `_total`; the value cannot be negative).
  public mutating func counter(_ name: String, help: String, labels: [String: String] = [:], value: Double)
    throws(MonitorError)
  {
    guard name.hasSuffix("_total") else {
      throw MonitorError("counter \(name) must end in _total (Prometheus naming); call it \(name)_total")
    }
    guard value >= 0 else { throw MonitorError("counter \(name) cannot be negative (\(value))") }
    let rendered = try labelText(labels, forbidding: [])
    try add(
      name, type: .counter, help: help, key: rendered,
      lines: ["\(name)\(braced(rendered)) \(Self.number(value))"])
  }

  /// Adds one histogram series: cumulative `_bucket` lines with `le` up to `+Inf`, `_sum`, `_count`.
  public mutating func histogram(
    _ name: String, help: String, labels: [String: String] = [:], _ histogram: PrometheusHistogram
  ) throws(MonitorError) {
    let rendered = try labelText(labels, forbidding: ["le"])
    let prefix = rendered.isEmpty ? "" : rendered + ","
    var lines: [String] = []
    let cumulative = histogram.cumulativeCounts
    for (bound, count) in zip(histogram.upperBounds, cumulative) {
      lines.append("\(name)_bucket{\(prefix)le=\"\(Self.number(bound))\"} \(count)")
    }
    lines.append("\(name)_bucket{\(prefix)le=\"+Inf\"} \(histogram.count)")
    lines.append("\(name)_sum\(braced(rendered)) \(Self.number(histogram.sum))")
    lines.append("\(name)_count\(braced(rendered)) \(histogram.count)")
    try add(name, type: .histogram, help: help, key: rendered, lines: lines)
  }

  /// The exposition text, ending with a newline (empty when nothing was added).
  public var text: String {
    var out = ""
    for name in families.keys.sorted() {
      let family = families[name]!
      out += "# HELP \(name) \(Self.escapeHelp(family.help))\n# TYPE \(name) \(family.type.rawValue)\n"
      for key in family.series.keys.sorted() {
        for line in family.series[key]! { out += line + "\n" }
      }
    }
    return out
  }

  private mutating func add(_ name: String, type: MetricType, help: String, key: String, lines: [String])
    throws(MonitorError)
  {
    guard Self.isMetricName(name) else {
      throw MonitorError(
        "\(name) is not a Prometheus metric name: use letters, digits, _ and :, not starting with a digit")
    }
    var family = families[name] ?? Family(type: type, help: help)
    guard family.type == type else {
      throw MonitorError("metric \(name) is already a \(family.type.rawValue); one name has one type")
    }
    guard family.help == help else { throw MonitorError("metric \(name) was given two different help texts") }
    guard family.series[key] == nil else {
      throw MonitorError(
        "metric \(name) already has a series with labels {\(key)}; each label set appears once")
    }
    family.series[key] = lines
    families[name] = family
  }

  private func labelText(_ labels: [String: String], forbidding reserved: Set<String>) throws(MonitorError)
    -> String
  {
    var parts: [String] = []
    for name in labels.keys.sorted() {
      guard Self.isLabelName(name), !name.hasPrefix("__") else {
        throw MonitorError(
          "\(name) is not a Prometheus label name: use letters, digits and _, not starting with a digit or __"
        )
      }
      guard !reserved.contains(name) else {
        throw MonitorError("label \(name) is reserved for histogram buckets")
      }
      parts.append("\(name)=\"\(Self.escapeLabel(labels[name]!))\"")
    }
    return parts.joined(separator: ",")
  }

  private func braced(_ labels: String) -> String { labels.isEmpty ? "" : "{\(labels)}" }

  static func isMetricName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first == ":" || isLabelStart(first) else { return false }
    return name.unicodeScalars.allSatisfy { $0 == ":" || isLabelStart($0) || ("0"..."9").contains($0) }
  }

  static func isLabelName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, isLabelStart(first) else { return false }
    return name.unicodeScalars.allSatisfy { isLabelStart($0) || ("0"..."9").contains($0) }
  }

  private static func isLabelStart(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
  }

  /// Label values escape backslash, double quote and newline.
  static func escapeLabel(_ value: String) -> String {
    var out = ""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Help text escapes backslash and newline.
  static func escapeHelp(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
  }

  /// Go's float syntax: NaN, +Inf, -Inf, integers without a fraction, else the shortest form.
  static func number(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value == .infinity { return "+Inf" }
    if value == -.infinity { return "-Inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
  }
}

/// Small self-contained SVG charts for HTML reports: no scripts, no network, a few KB each.
public enum SVGChart {
  /// One named line of a line chart.
  public struct Series: Sendable {
    public var name: String
    public var points: [(x: Double, y: Double)]

    public init(name: String, points: [(x: Double, y: Double)]) {
      self.name = name
      self.points = points
    }
  }

  static let palette = ["#1b6ca8", "#d1495b", "#2a9d8f", "#e9a03b", "#6a4c93", "#5c677d"]

  /// Lines with axes, ticks and a legend.
  public static func lines(_ series: [Series], title: String, xLabel: String, yLabel: String) -> String {
    let width = 560.0
    let height = 260.0
    let left = 56.0
    let bottom = 36.0
    let top = 28.0
    let right = 150.0
    let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
    guard !all.isEmpty else { return "<p>\(escape(title)): no data</p>" }
    let (minX, maxX) = bounds(all.map(\.x))
    let (minY, maxY) = bounds(all.map(\.y))
    func px(_ x: Double) -> Double { left + (x - minX) / (maxX - minX) * (width - left - right) }
    func py(_ y: Double) -> Double { height - bottom - (y - minY) / (maxY - minY) * (height - top - bottom) }
    var svg = header(width: width, height: height, title: title)
    svg += axes(left: left, top: top, right: width - right, bottom: height - bottom)
    for tick in 0...4 {
      let y = minY + (maxY - minY) * Double(tick) / 4
      svg += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(py(y) + 4))\" text-anchor=\"end\" font-size=\"10\">\(label(y))</text>"
      let x = minX + (maxX - minX) * Double(tick) / 4
      svg += "<text x=\"\(fmt(px(x)))\" y=\"\(fmt(height - bottom + 14))\" text-anchor=\"middle\" font-size=\"10\">\(label(x))</text>"
    }
    svg += "<text x=\"\(fmt((left + width - right) / 2))\" y=\"\(fmt(height - 4))\" text-anchor=\"middle\" font-size=\"11\">\(escape(xLabel))</text>"
    svg += "<text x=\"12\" y=\"\(fmt(top - 10))\" font-size=\"11\">\(escape(yLabel))</text>"
    for (index, line) in series.enumerated() {
      let color = palette[index % palette.count]
      let points = line.points.filter { $0.x.isFinite && $0.y.isFinite }.map { "\(fmt(px($0.x))),\(fmt(py($0.y)))" }
      svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
      let legendY = top + 14 * Double(index)
      svg += "<rect x=\"\(fmt(width - right + 10))\" y=\"\(fmt(legendY - 8))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
      svg += "<text x=\"\(fmt(width - right + 24))\" y=\"\(fmt(legendY + 1))\" font-size=\"11\">\(escape(line.name))</text>"
    }
    return svg + "</svg>"
  }

  /// Horizontal bars, one per label, with the value written beside each.
  public static func bars(_ values: [(label: String, value: Double)], title: String) -> String {
    let width = 560.0
    let rowHeight = 22.0
    let left = 150.0
    let top = 28.0
    let height = top + rowHeight * Double(values.count) + 10
    let maxValue = max(values.map(\.value).filter(\.isFinite).max() ?? 1, 1e-12)
    var svg = header(width: width, height: height, title: title)
    for (index, item) in values.enumerated() {
      let y = top + rowHeight * Double(index)
      let length = max(0, item.value.isFinite ? item.value / maxValue : 0) * (width - left - 70)
      svg += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y + 14))\" text-anchor=\"end\" font-size=\"11\">\(escape(item.label))</text>"
      svg += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y + 3))\" width=\"\(fmt(length))\" height=\"14\" fill=\"\(palette[index % palette.count])\"/>"
      svg += "<text x=\"\(fmt(left + length + 6))\" y=\"\(fmt(y + 14))\" font-size=\"11\">\(label(item.value))</text>"
    }
    return svg + "</svg>"
  }

  private static func header(width: Double, height: Double, title: String) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" "
      + "viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
      + "<text x=\"8\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>"
  }

  private static func axes(left: Double, top: Double, right: Double, bottom: Double) -> String {
    "<path d=\"M\(fmt(left)) \(fmt(top)) V\(fmt(bottom)) H\(fmt(right))\" stroke=\"#555\" fill=\"none\"/>"
  }

  private static func bounds(_ values: [Double]) -> (Double, Double) {
    let low = values.min() ?? 0
    let high = values.max() ?? 1
    return high > low ? (low, high) : (low - 0.5, high + 0.5)
  }

  static func fmt(_ value: Double) -> String { String((value * 10).rounded() / 10) }

  static func label(_ value: Double) -> String {
    let magnitude = abs(value)
    if magnitude >= 100 || value == value.rounded() && magnitude < 1e6 { return String(Int(value.rounded())) }
    return String((value * 1000).rounded() / 1000)
  }

  private static func escape(_ text: String) -> String { HTMLText.escape(text) }

}

import OhanaJSON
import Testing

@testable import OhanaMonitor

// Reference: river 0.26.1's window, `river._river_rust.drift.AdaptiveWindowing(0.002, 32, 5, 5, 10)`
// (what `river.drift.ADWIN()` runs), fed the same streams (TestRandom's numbers):
// detection indices, then width, total and variance at the end.

func bernoulliStream(seed: UInt64, _ parts: [(count: Int, p: Double)]) -> [Double] {
  var random = TestRandom(seed: seed)
  return parts.flatMap { part in (0..<part.count).map { _ in random.unit() < part.p ? 1.0 : 0.0 } }
}

func detections(_ values: [Double], into detector: inout ADWIN) -> [Int] {
  values.indices.filter { detector.update(values[$0]) }
}

@Test func stepChangeIsDetectedWhereRiverDetectsIt() {
  var detector = ADWIN()
  let values = bernoulliStream(seed: 101, [(3000, 0.2), (3000, 0.5)])
  #expect(detections(values, into: &detector) == [3071, 3103])
  #expect(detector.width == 3088 && detector.total == 1509)
  #expect(isClose(detector.variance, 771.6033031088075, relative: 1e-12))
  #expect(detector.detections == 2)
  // Within 72 values of the change, and the window now holds only the new regime.
  #expect(abs(detector.mean - 0.5) < 0.02)
}

@Test func stationaryStreamRaisesNothing() {
  var detector = ADWIN()
  #expect(detections(bernoulliStream(seed: 102, [(10_000, 0.3)]), into: &detector).isEmpty)
  #expect(detector.width == 10_000 && detector.total == 3017)
  #expect(isClose(detector.variance, 2106.771100000003, relative: 1e-12))
}

@Test func repeatedChangesMatchRiver() {
  var detector = ADWIN()
  var values: [Double] = []
  var random = TestRandom(seed: 103)
  for (count, mean) in [(2000, 0.0), (2000, 1.0), (2000, 0.5)] {
    values += (0..<count).map { _ in mean + random.normal() }
  }
  #expect(detections(values, into: &detector) == [2047, 2079, 4127, 4159])
  #expect(detector.width == 2112)
  #expect(isClose(detector.total, 1215.1748142426072, relative: 1e-12))
  #expect(isClose(detector.variance, 2096.773843860673, relative: 1e-10))
}

@Test func stateSurvivesAJSONRoundTrip() throws {
  let values = bernoulliStream(seed: 101, [(3000, 0.2), (3000, 0.5)])
  var uninterrupted = ADWIN()
  var resumed = ADWIN()
  var found: [Int] = []
  for (index, value) in values.enumerated() {
    if uninterrupted.update(value) { found.append(index) }
    // Store and restore through canonical bytes every 500 values, as between two ticks.
    if index % 500 == 0 { resumed = try ADWIN(json: JSONParser.parse(CanonicalJSON.bytes(resumed.json))) }
    resumed.update(value)
  }
  #expect(resumed == uninterrupted)
  #expect(found == [3071, 3103])
  #expect(throws: MonitorError.self) { try ADWIN(json: ["delta": 0.002]) }
}

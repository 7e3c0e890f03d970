import Foundation
import Testing

@testable import OhanaLearn

@Suite("Binning")
struct BinningTests {
  @Test func fewDistinctValuesGetOneBinEach() {
    let x = FeatureMatrix(rows: [[3], [1], [.nan], [2], [3], [1]])
    let binner = FeatureBinner.fit(x, rows: Array(0..<6), maxBins: 255, categoricalColumns: [], seed: 0)
    #expect(binner.edges[0] == [1.5, 2.5])
    #expect(binner.binCounts == [4])
    let groups = FeatureGroups(binCounts: binner.binCounts)
    #expect(binner.bin(x, groups: groups).bins == [3, 1, 0, 2, 3, 1])
  }

  @Test func manyValuesGetQuantileBins() {
    var generator = SplitMix64(seed: 1)
    let values = (0..<10_000).map { _ in generator.unit() }
    let x = FeatureMatrix(rowCount: 10_000, columnCount: 1, values: values)
    let binner = FeatureBinner.fit(x, rows: Array(0..<10_000), maxBins: 16, categoricalColumns: [], seed: 0)
    #expect(binner.edges[0].count == 15)
    #expect(zip(binner.edges[0], binner.edges[0].dropFirst()).allSatisfy { $0 < $1 })
    let bins = binner.bin(x, groups: FeatureGroups(binCounts: binner.binCounts)).bins
    var counts = [Int](repeating: 0, count: 17)
    for bin in bins { counts[Int(bin)] += 1 }
    #expect(counts[0] == 0)
    #expect(counts[1...].allSatisfy { abs($0 - 625) < 100 })
  }

  @Test func heavilyRepeatedValuesKeepTheirOwnBin() {
    let values = (0..<1_000).map { $0 < 600 ? 0.0 : Double($0) }
    let x = FeatureMatrix(rowCount: 1_000, columnCount: 1, values: values)
    let binner = FeatureBinner.fit(x, rows: Array(0..<1_000), maxBins: 10, categoricalColumns: [], seed: 0)
    #expect(binner.edges[0].first! < 601 && binner.edges[0].first! >= 0)
  }

  @Test func categoriesMapToBinsAndGroupsDecode() {
    let x = FeatureMatrix(rows: [[5, 1], [2, 0], [5, .nan], [9, 1], [-1, 0]])
    let binner = FeatureBinner.fit(x, rows: Array(0..<5), maxBins: 255, categoricalColumns: [0], seed: 0)
    #expect(binner.categoryCodes[0] == [2, 5, 9])
    #expect(binner.binCounts == [4, 3])
    let groups = FeatureGroups(binCounts: binner.binCounts)
    #expect(groups.groupCount == 1)
    let codes = binner.bin(x, groups: groups).bins
    let expected: [[Int]] = [[2, 2], [1, 1], [2, 0], [3, 2], [0, 1]]
    for (row, bins) in expected.enumerated() {
      for column in 0..<2 { #expect(Int(groups.decode[column][Int(codes[row])]) == bins[column]) }
    }
  }

  @Test func featureMatrixAccessors() {
    let x = FeatureMatrix(rows: [[1, 2], [3, 4], [5, 6]])
    #expect(x[1, 0] == 3)
    #expect(Array(x.row(2)) == [5, 6])
    #expect(x.selecting(rows: [2, 0, 2]) == FeatureMatrix(rows: [[5, 6], [1, 2], [5, 6]]))
  }
}

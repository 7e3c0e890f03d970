/// Packs columns with few bins into groups whose joint bin (the combination of their bins) still
/// fits a `UInt8`, so histograms are built with one update per group rather than per column.
///
/// Five binary columns (three bins each, the missing bin included) share one group of 243 joint
/// bins; a column's own histogram is recovered by summing the group's histogram over the other
/// members (cheap: a few hundred bins per leaf, against one update per row).
struct FeatureGroups: Sendable {
  /// Bins per column, the missing bin included.
  let binCounts: [Int]
  /// The group holding each column.
  let groupOfColumn: [Int]
  /// The multiplier of each column's bin in its group's joint bin.
  let strideOfColumn: [Int]
  /// The columns of each group.
  let members: [[Int]]
  /// Joint bins per group (the product of its columns' bin counts).
  let groupBinCounts: [Int]
  /// For columns sharing a group: the column's bin for each joint bin of the group.
  let decode: [[UInt8]]

  init(binCounts: [Int], jointLimit: Int = 256) {
    self.binCounts = binCounts
    let columns = binCounts.count
    let order = (0..<columns).sorted { (binCounts[$0], $0) < (binCounts[$1], $1) }
    var members: [[Int]] = []
    var products: [Int] = []
    for column in order {
      if let product = products.last, product * binCounts[column] <= jointLimit {
        members[members.count - 1].append(column)
        products[products.count - 1] = product * binCounts[column]
      } else {
        members.append([column])
        products.append(binCounts[column])
      }
    }
    var groupOfColumn = [Int](repeating: 0, count: columns)
    var strideOfColumn = [Int](repeating: 1, count: columns)
    var decode = [[UInt8]](repeating: [], count: columns)
    for (group, columnsInGroup) in members.enumerated() {
      var stride = 1
      for column in columnsInGroup {
        groupOfColumn[column] = group
        strideOfColumn[column] = stride
        stride *= binCounts[column]
      }
      if columnsInGroup.count > 1 {
        for column in columnsInGroup {
          decode[column] = (0..<products[group]).map {
            UInt8(truncatingIfNeeded: ($0 / strideOfColumn[column]) % binCounts[column])
          }
        }
      }
    }
    self.members = members
    self.groupBinCounts = products
    self.groupOfColumn = groupOfColumn
    self.strideOfColumn = strideOfColumn
    self.decode = decode
  }

  var groupCount: Int { members.count }

  /// For each joint bin of `column`'s group, whether rows there go left, given the column's own
  /// per-bin decision.
  func jointTable(column: Int, goesLeft: (Int) -> Bool) -> [UInt8] {
    var table = [UInt8](repeating: 0, count: 256)
    if members[groupOfColumn[column]].count == 1 {
      for bin in 0..<binCounts[column] { table[bin] = goesLeft(bin) ? 1 : 0 }
    } else {
      for (code, bin) in decode[column].enumerated() { table[code] = goesLeft(Int(bin)) ? 1 : 0 }
    }
    return table
  }
}

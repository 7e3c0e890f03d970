import Testing

@testable import OhanaTabular

@Suite struct TableCodecTests {
  /// A table with every type, missing values, wide numbers and a problem.
  static func sample() throws -> CSVTable {
    let text = """
      small,wide,real,flag,day,kind,big
      1,100000,1.5,true,2020-01-01,a,3000000000
      -5,NA,NA,false,NA,NA,-1
      NA,-70000,-0.0,NA,1969-12-31,b,4
      oops
      127,3,2.25e300,true,2021-06-30,a,7
      """
    return try parse(text)
  }

  @Test func roundTripKeepsEverything() throws {
    let table = try Self.sample()
    #expect(table.problems.count == 1)
    let decoded = try CSVTable(decoding: table.encoded())
    #expect(decoded == table)
    #expect(decoded.lines == table.lines)
    #expect(decoded.problems == table.problems)
    // -0.0 keeps its sign (it is not stored as an integer).
    #expect(decoded.column(named: "real")?.numbers[2].sign == .minus)
  }

  @Test func encodingIsDeterministicAndCompact() throws {
    let table = try Self.sample()
    #expect(table.encoded() == table.encoded())
    let many = try parse(
      "a,b\n" + (0..<1000).map { "\($0 % 100),\($0 % 3 == 0 ? "x" : "y")" }.joined(separator: "\n"))
    // One byte per small integer and per code, four per line number, plus the header.
    #expect(many.encoded().count < 1000 * (1 + 1 + 4) + 200)
    #expect(try CSVTable(decoding: many.encoded()) == many)
  }

  @Test func everyCodeWidthRoundTrips() throws {
    // 254 levels is the most one byte holds (with 0 for missing); 255 and 70,000 need wider codes.
    for count in [254, 255, 70_000] {
      let values = (0..<count).map { "v\($0)" } + ["NA"]
      let table = try parse("k\n" + values.joined(separator: "\n"))
      #expect(try CSVTable(decoding: table.encoded()) == table, "\(count) levels")
    }
  }

  @Test func everyIntegerWidthRoundTrips() throws {
    for bound in [127, 128, 32767, 32768, 2_147_483_647, 2_147_483_648] {
      let table = try parse("n\n\(bound)\n-\(bound)\nNA\n0\n")
      #expect(try CSVTable(decoding: table.encoded()) == table, "\(bound)")
    }
  }

  @Test func largeLevelCountsUseWiderCodes() throws {
    let values = (0..<70_000).map { "v\($0)" }
    let table = try parse("k\n" + values.joined(separator: "\n"))
    #expect(try CSVTable(decoding: table.encoded()) == table)
  }

  @Test func corruptionIsDetected() throws {
    let bytes = try Self.sample().encoded()
    for index in stride(from: 0, to: bytes.count, by: 7) {
      var damaged = bytes
      damaged[index] ^= 0x20
      #expect(throws: TabularError.self) { try CSVTable(decoding: damaged) }
    }
    #expect(throws: TabularError.self) { try CSVTable(decoding: Array(bytes.dropLast())) }
    #expect(throws: TabularError.self) { try CSVTable(decoding: bytes + [0]) }
    #expect(throws: TabularError.self) { try CSVTable(decoding: []) }
  }

  @Test func otherVersionsAreRefused() throws {
    var bytes = try Self.sample().encoded()
    bytes[4] = UInt8(CSVTable.formatVersion + 1)
    let error = try #require(throws: TabularError.self) { try CSVTable(decoding: bytes) }
    #expect(error.message.contains("format 2"))
  }

  @Test func garbageNeverCrashes() {
    var generator = SystemRandomNumberGenerator()
    for length in [0, 3, 24, 25, 100, 4096] {
      for _ in 0..<20 {
        var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if length >= 4 { bytes.replaceSubrange(0..<4, with: Array("OHTB".utf8)) }
        #expect(throws: TabularError.self) { try CSVTable(decoding: bytes) }
      }
    }
  }

  @Test func garbageWithAValidChecksumNeverCrashes() {
    // Well-formed headers around random payloads reach the payload checks themselves.
    var generator = SystemRandomNumberGenerator()
    for length in [0, 8, 9, 30, 200, 2000] {
      for _ in 0..<50 {
        let payload = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var writer = ByteWriter()
        writer.bytes += Array("OHTB".utf8)
        writer.u32(UInt32(CSVTable.formatVersion))
        writer.u64(UInt64(payload.count))
        writer.u64(payload.withUnsafeBytes { Checksum.xxh64($0) })
        _ = try? CSVTable(decoding: writer.bytes + payload)
      }
    }
  }

  @Test func checksumIsXXH64() {
    // Reference values from Python: xxhash.xxh64(data).intdigest() (xxhash 3.x).
    #expect(Checksum.xxh64(UnsafeRawBufferPointer(start: nil, count: 0)) == 17_241_709_254_077_376_921)
    #expect(Array("abc".utf8).withUnsafeBytes { Checksum.xxh64($0) } == 4_952_883_123_889_572_249)
    let pattern = (0..<100).map { UInt8($0 * 7 % 256) }
    #expect(pattern.withUnsafeBytes { Checksum.xxh64($0) } == 10_241_874_673_738_962_395)
  }
}

import OhanaDates

/// Why bytes could not be read back as a ``FamilyGraph``.
public struct GraphDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
  public var reason: String
  public var description: String { "not a valid family graph artifact: \(reason)" }
}

extension FamilyGraph {
  /// The artifact's first bytes.
  static let magic: [UInt8] = Array("OHFG".utf8)

  /// The binary artifact: magic, format version, counts, the string table, then each column
  /// as little-endian fixed-width integers. Deterministic: the same graph gives the same bytes.
  public func encoded() -> [UInt8] {
    var out = ByteWriter()
    out.bytes.reserveCapacity(
      24 + strings.reduce(0) { $0 + 4 + $1.utf8.count } + personCount * (5 * 4 + 1 + 2 * 9) + familyCount
        * (4 * 4 + 9)
        + (familyCount + 1 + children.count) * 4)
    out.bytes += Self.magic
    out.u32(UInt32(Self.formatVersion))
    out.u32(UInt32(personCount))
    out.u32(UInt32(familyCount))
    out.u32(UInt32(children.count))
    out.u32(UInt32(strings.count))
    for string in strings {
      var string = string
      string.withUTF8 { utf8 in
        out.u32(UInt32(utf8.count))
        out.bytes.append(contentsOf: utf8)
      }
    }
    for column in [personXref, surname, givenNames, birthPlace, deathPlace] { out.i32s(column) }
    out.bytes += sex.map { Self.sexCode($0) }
    for column in [birth, death] { out.dates(column) }
    for column in [familyXref, husband, wife, marriagePlace] { out.i32s(column) }
    out.dates(marriage)
    out.i32s(childStart)
    out.i32s(children)
    return out.bytes
  }

  /// Reads an artifact written by ``encoded()``, checking every count and index.
  public init(decoding bytes: [UInt8]) throws(GraphDecodingError) {
    var input = ByteReader(bytes: bytes)
    guard Array(try input.take(4)) == Self.magic else {
      throw GraphDecodingError(reason: "wrong magic number")
    }
    let format = try input.u32()
    guard format == UInt32(Self.formatVersion) else {
      throw GraphDecodingError(reason: "format version \(format), expected \(Self.formatVersion)")
    }
    let people = Int(try input.u32())
    let families = Int(try input.u32())
    let links = Int(try input.u32())
    let stringCount = Int(try input.u32())
    guard stringCount >= 1, stringCount <= bytes.count else {
      throw GraphDecodingError(reason: "bad string count")
    }
    self.init()
    strings = []
    strings.reserveCapacity(stringCount)
    for _ in 0..<stringCount {
      let length = Int(try input.u32())
      strings.append(String(decoding: try input.take(length), as: UTF8.self))
    }
    personXref = try input.i32s(people)
    surname = try input.i32s(people)
    givenNames = try input.i32s(people)
    birthPlace = try input.i32s(people)
    deathPlace = try input.i32s(people)
    sex = try input.take(people).map { Self.sex(fromCode: $0) }
    birth = try input.dates(people)
    death = try input.dates(people)
    familyXref = try input.i32s(families)
    husband = try input.i32s(families)
    wife = try input.i32s(families)
    marriagePlace = try input.i32s(families)
    marriage = try input.dates(families)
    childStart = try input.i32s(families + 1)
    children = try input.i32s(links)
    guard input.isAtEnd else { throw GraphDecodingError(reason: "trailing bytes") }
    let stringIDs = 0..<Int32(stringCount)
    for column in [personXref, surname, givenNames, birthPlace, deathPlace, familyXref, marriagePlace] {
      guard column.allSatisfy({ stringIDs.contains($0) }) else {
        throw GraphDecodingError(reason: "string index out of range")
      }
    }
    let personIDs = -1..<Int32(people)
    guard husband.allSatisfy({ personIDs.contains($0) }), wife.allSatisfy({ personIDs.contains($0) }),
      children.allSatisfy({ $0 >= 0 && $0 < Int32(people) })
    else { throw GraphDecodingError(reason: "person index out of range") }
    guard childStart.first == 0, childStart.last == Int32(links),
      zip(childStart, childStart.dropFirst()).allSatisfy({ $0 <= $1 })
    else { throw GraphDecodingError(reason: "child offsets are not ascending") }
    deriveParentLinks()
  }

  private static func sexCode(_ sex: Sex) -> UInt8 {
    switch sex {
    case .unknown: 0
    case .male: 1
    case .female: 2
    case .other: 3
    }
  }

  private static func sex(fromCode code: UInt8) -> Sex {
    switch code {
    case 1: .male
    case 2: .female
    case 3: .other
    default: .unknown
    }
  }
}

/// Appends little-endian integers.
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func u32(_ value: UInt32) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func i32s(_ values: [Int32]) {
    #if _endian(little)
      values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    #else
      for value in values { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    #endif
  }

  mutating func dates(_ values: [DateColumn.Entry]) {
    i32s(values.map(\.earliest))
    i32s(values.map(\.latest))
    bytes += values.lazy.map { UInt8($0.precision.rawValue) }
  }
}

/// Reads little-endian integers, failing on a short input instead of trapping.
struct ByteReader {
  let bytes: [UInt8]
  var offset = 0

  var isAtEnd: Bool { offset == bytes.count }

  mutating func take(_ count: Int) throws(GraphDecodingError) -> ArraySlice<UInt8> {
    guard count >= 0, count <= bytes.count - offset else { throw GraphDecodingError(reason: "truncated") }
    defer { offset += count }
    return bytes[offset..<offset + count]
  }

  mutating func u32() throws(GraphDecodingError) -> UInt32 {
    let slice = try take(4)
    return slice.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
  }

  mutating func i32s(_ count: Int) throws(GraphDecodingError) -> [Int32] {
    guard count >= 0, count <= (bytes.count - offset) / 4 else {
      throw GraphDecodingError(reason: "truncated")
    }
    let slice = try take(count * 4)
    return slice.withUnsafeBytes { raw in
      [Int32](unsafeUninitializedCapacity: count) { values, initialized in
        #if _endian(little)
          if count > 0 {
            UnsafeMutableRawPointer(values.baseAddress!).copyMemory(
              from: raw.baseAddress!, byteCount: count * 4)
          }
        #else
          for index in 0..<count {
            values[index] = Int32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: Int32.self))
          }
        #endif
        initialized = count
      }
    }
  }

  mutating func dates(_ count: Int) throws(GraphDecodingError) -> [DateColumn.Entry] {
    let earliest = try i32s(count)
    let latest = try i32s(count)
    let precision = try take(count)
    return (0..<count).map { index in
      DateColumn.Entry(
        earliest: earliest[index], latest: latest[index],
        precision: Precision(rawValue: Int(precision[precision.startIndex + index])) ?? .none)
    }
  }
}

import Testing

@testable import OhanaGEDCOM

@Suite("Stretches read side by side")
struct StretchesTests {
  /// Records of two lines each, 24 bytes a record: "0 @I000@ INDI\n1 SEX F\n".
  static let text = Array(
    (0..<100).map { "0 @I\(String(format: "%03d", $0))@ INDI\n1 SEX F\n" }.joined().utf8)

  @Test("A reader claims a window at a time, each ending at a line start, up to its end")
  func claims() {
    Self.text.withUnsafeBytes { text in
      let stretches = Stretches(
        text, bounds: [0, 990, text.count], sizes: .init(window: 100, smallestTail: 200))
      var position = 0
      var windows: [Int] = []
      while case let end = stretches.claim(0, from: position), end > position {
        #expect(text[end - 1] == 0x0A)
        #expect(end - position <= 100 + 14)
        windows.append(end)
        position = end
      }
      #expect(windows.last == 990)
      #expect(windows.count >= 990 / 114)
    }
  }

  @Test("A tail is taken past the claims, at a record line, and its reader stops there")
  func tailTaken() throws {
    try Self.text.withUnsafeBytes { text in
      let stretches = Stretches(
        text, bounds: [0, 990, text.count], sizes: .init(window: 100, smallestTail: 200))
      // No reader has begun: the largest unclaimed stretch is halved, at the next record line.
      let tail = try #require(stretches.takeTail(after: 0))
      #expect(tail == 2)
      let cut = stretches.start(of: tail)
      #expect(cut == 1606)
      #expect(text[cut] == UInt8(ascii: "0") && text[cut - 1] == 0x0A)
      #expect(stretches.end(of: 1) == cut)
      #expect(stretches.end(of: tail) == text.count)
      // Its reader claims up to the cut, and no further.
      var position = 990
      while case let end = stretches.claim(1, from: position), end > position { position = end }
      #expect(position == cut)
      // A tail is only taken past what its reader claimed.
      position = 0
      while case let end = stretches.claim(0, from: position), end > position { position = end }
      let claimed = stretches.claim(tail, from: cut)
      let next = try #require(stretches.takeTail(after: 1))
      #expect(stretches.start(of: next) > claimed)
      #expect(stretches.end(of: tail) == stretches.start(of: next))
    }
  }

  @Test("No tail is taken when what is left unclaimed is small")
  func smallTails() {
    Self.text.withUnsafeBytes { text in
      let stretches = Stretches(
        text, bounds: [0, 990, text.count], sizes: .init(window: 100, smallestTail: 2000))
      #expect(stretches.takeTail(after: 0) == nil)
      #expect(stretches.count == 2)
    }
  }
}

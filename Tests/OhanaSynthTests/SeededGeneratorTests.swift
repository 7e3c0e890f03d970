import OhanaSynth
import Testing

@Suite struct SeededGeneratorTests {
  @Test func sameSeedSameSequenceAndValuesInRange() {
    var first = SeededGenerator(seed: 99)
    var second = SeededGenerator(seed: 99)
    var other = SeededGenerator(seed: 100)
    let a = (0..<100).map { _ in first.next() }
    #expect(a == (0..<100).map { _ in second.next() })
    #expect(a != (0..<100).map { _ in other.next() })
    var generator = SeededGenerator(seed: 1)
    var seen = Set<Int>()
    for _ in 0..<10_000 {
      let value = generator.integer(in: -3...3)
      #expect((-3...3).contains(value))
      seen.insert(value)
      #expect((0..<1).contains(generator.unit()))
    }
    #expect(seen.count == 7)
  }
}

import Testing

@testable import OhanaTabular

@Test func errorNamesTheLine() {
  #expect(TabularError("bad quote", line: 7).description == "line 7: bad quote")
}

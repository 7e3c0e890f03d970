import Testing

@testable import OhanaMonitor

@Test func errorSaysWhy() {
  #expect(MonitorError("empty sample").description == "empty sample")
}

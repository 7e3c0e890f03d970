import OhanaFiles
import Testing

@Suite("The process-wide memory policy")
struct MemoryPolicyTests {
  @Test("The allocator takes the policy, and applying it again changes nothing")
  func appliesOnce() {
    #if canImport(Glibc)
      #expect(MemoryPolicy.applyForBatchWork())
      #expect(MemoryPolicy.applyForBatchWork())
    #else
      #expect(!MemoryPolicy.applyForBatchWork())
      #expect(!MemoryPolicy.applyForBatchWork())
    #endif
  }
}

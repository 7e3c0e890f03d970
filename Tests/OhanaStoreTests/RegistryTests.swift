import OhanaFiles
import OhanaJSON
import OhanaStore
import OhanaTestSupport
import Testing

@Suite struct RegistryTests {
  @Test func writesCanonicallyAndOnlyWhenChanged() throws {
    let directory = try TemporaryDirectory()
    let registry = Registry(root: directory.file("registry"), lockPath: directory.file("lock"))
    #expect(try registry.write(["b": 1, "a": 2], to: "datasets/p/x.json"))
    #expect(try DurableFile.readText(registry.path("datasets/p/x.json")) == "{\n  \"a\": 2,\n  \"b\": 1\n}\n")
    #expect(try !registry.write(["a": 2, "b": 1], to: "datasets/p/x.json"))
    #expect(try registry.manifest("datasets/p/x.json") == ["a": 2, "b": 1])
    #expect(try registry.manifest("datasets/p/missing.json") == nil)
    #expect(try registry.manifests(under: "datasets") == ["datasets/p/x.json"])
  }

  @Test func corruptManifestsAreReportedByPath() throws {
    let directory = try TemporaryDirectory()
    let registry = Registry(root: directory.file("registry"), lockPath: directory.file("lock"))
    try Directory.create(registry.path("d"))
    try DurableFile.write("{not json", to: registry.path("d/bad.json"))
    #expect(throws: StoreError.self) { try registry.manifest("d/bad.json") }
  }

  @Test func timestampsAreISO8601UTC() {
    #expect(Timestamp.iso8601(0) == "1970-01-01T00:00:00Z")
    #expect(Timestamp.iso8601(1_000_000_000.9) == "2001-09-09T01:46:40Z")
  }
}

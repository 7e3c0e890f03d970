import OhanaGEDCOM

/// libFuzzer entry point: any bytes must parse or fail with a GEDCOMError, never crash, and a
/// parsed document must survive writing, re-parsing and a graph round trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGEDCOM(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let document = try? GEDCOMParser.parse(bytes: bytes) else { return 0 }
  let graph = FamilyGraph.build(from: document)
  guard (try? FamilyGraph(decoding: graph.encoded())) == graph else { fatalError("graph round trip failed") }
  guard let again = try? GEDCOMParser.parse(bytes: GEDCOMWriter.write(document)) else {
    fatalError("written GEDCOM does not parse")
  }
  guard again.nodes.count == document.nodes.count else { fatalError("round trip changed the node count") }
  _ = GEDCOMReport.inspectJSON(document)
  return 0
}

import Foundation
import OhanaFiles
import OhanaJSON
import OhanaStore
import OhanaTestSupport
import Testing

@Suite struct AuditLogTests {
  @Test func recordsChainAndVerify() throws {
    let directory = try TemporaryDirectory()
    let log = AuditLog(path: directory.file("audit/log.jsonl"))
    #expect(try log.append(action: "dataset.accepted", subject: "a") == 1)
    #expect(try log.append(action: "dataset.accepted", subject: "b", details: ["pipeline": "p"]) == 2)
    let records = try log.records()
    #expect(records.count == 2)
    #expect(records[0]["prev"]?.stringValue == String(repeating: "0", count: 64))
    let firstLine = try DurableFile.readText(log.path).split(separator: "\n")[0]
    #expect(records[1]["prev"]?.stringValue == SHA256Hasher.hash(Array(firstLine.utf8)))
    #expect(try log.verify().isEmpty)
  }

  @Test func editingARecordBreaksTheChain() throws {
    let directory = try TemporaryDirectory()
    let log = AuditLog(path: directory.file("log.jsonl"))
    for subject in ["a", "b", "c"] { try log.append(action: "x", subject: subject) }
    let text = try DurableFile.readText(log.path).replacing("\"subject\":\"a\"", with: "\"subject\":\"z\"")
    try DurableFile.write(text, to: log.path)
    let problems = try log.verify()
    #expect(problems.count == 1)
    #expect(problems.first?.contains("line 2") == true)
  }

  @Test func removingARecordBreaksTheChain() throws {
    let directory = try TemporaryDirectory()
    let log = AuditLog(path: directory.file("log.jsonl"))
    for subject in ["a", "b", "c"] { try log.append(action: "x", subject: subject) }
    let lines = try DurableFile.readText(log.path).split(separator: "\n")
    try DurableFile.write([lines[0], lines[2]].joined(separator: "\n") + "\n", to: log.path)
    #expect(try log.verify().count == 2)
  }

  @Test func aTornLastLineIsReportedAndRepairedByTheNextAppend() throws {
    let directory = try TemporaryDirectory()
    let log = AuditLog(path: directory.file("log.jsonl"))
    try log.append(action: "x", subject: "a")
    let handle = try #require(FileHandle(forWritingAtPath: log.path))
    handle.seekToEndOfFile()
    handle.write(Data("{\"seq\":2,\"acti".utf8))
    try handle.close()
    #expect(try log.verify().count == 1)
    #expect(try log.append(action: "x", subject: "b") == 2)
    #expect(try log.verify().isEmpty)
  }

  @Test func concurrentAppendsKeepOneChain() async throws {
    let directory = try TemporaryDirectory()
    let log = AuditLog(path: directory.file("log.jsonl"))
    await withTaskGroup(of: Void.self) { group in
      for worker in 0..<4 {
        group.addTask { for index in 0..<25 { _ = try? log.append(action: "x", subject: "\(worker)-\(index)") } }
      }
    }
    #expect(try log.records().count == 100)
    #expect(try log.verify().isEmpty)
  }
}

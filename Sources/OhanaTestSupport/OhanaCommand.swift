import Foundation

/// Runs the built `ohana` executable as a subprocess, the way users and scripts run it.
public struct OhanaCommand: Sendable {
  /// Path of the executable: `$OHANA_BIN`, else `ohana` beside the running test bundle.
  public static let executable: String = {
    if let explicit = ProcessInfo.processInfo.environment["OHANA_BIN"] { return explicit }
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
    var folder = (exe as NSString).deletingLastPathComponent
    // The test runner may live inside an .xctest bundle folder.
    while !folder.isEmpty && folder != "/" {
      if FileManager.default.isExecutableFile(atPath: folder + "/ohana") { return folder + "/ohana" }
      folder = (folder as NSString).deletingLastPathComponent
    }
    return SharedData.repositoryRoot + "/.build/debug/ohana"
  }()

  /// The outcome of one run.
  public struct Result: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
  }

  /// Runs `ohana arguments…` to completion.
  @discardableResult
  public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
    try runProgram(executable, arguments, environment: environment)
  }

  /// Runs any program to completion, capturing its output.
  @discardableResult
  public static func runProgram(_ program: String, _ arguments: [String], environment: [String: String] = [:])
    throws -> Result
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes while the process runs, so a full pipe can never block it. The second
    // reader is a thread of its own: a job on Dispatch's global queue could wait forever for a
    // worker while parallel tests hold them all blocked in calls like this one.
    let collected = CollectedOutput()
    let finished = DispatchSemaphore(value: 0)
    let reader = Thread {
      collected.setErrors(errors.fileHandleForReading.readDataToEndOfFile())
      finished.signal()
    }
    reader.start()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    finished.wait()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: collected.errors, as: UTF8.self))
  }

  /// Looks a program up on `PATH`.
  public static func which(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}

private final class CollectedOutput: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()

  func setErrors(_ value: Data) { lock.withLock { data = value } }
  var errors: Data { lock.withLock { data } }
}

import ArgumentParser
import OhanaIngest

#if canImport(Glibc)
  import Glibc
#endif

/// `--root DIR`, shared by every command that works on a tree.
struct RootOptions: ParsableArguments {
  @Option(name: .long, help: "The Ohana tree (default: $OHANA_ROOT, else the current directory).")
  var root: String?

  /// The tree's absolute path.
  var workspace: Workspace {
    let chosen = root ?? getenv("OHANA_ROOT").map { String(cString: $0) } ?? "."
    return Workspace(root: Self.absolute(chosen))
  }

  static func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path }
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
    let current = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "."
    if path == "." { return current }
    let trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    return current + "/" + (trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed)
  }
}

/// Writes one line to standard error.
func printError(_ message: String) {
  var line = message
  if !line.hasSuffix("\n") { line += "\n" }
  line.withUTF8 { bytes in
    var offset = 0
    while offset < bytes.count {
      let written = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
      if written <= 0 { return }
      offset += written
    }
  }
}

/// Stops the command with a one-line message on stderr and a non-zero exit code.
func fail(_ error: Error) -> Never {
  printError("ohana: \(error)")
  exit(1)
}

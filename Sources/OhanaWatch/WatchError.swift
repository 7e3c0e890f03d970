import Glibc

/// A failure of the watcher, the termination signal set-up or the file-system calls behind them,
/// carrying the `errno` the kernel reported.
public enum WatchError: Error, CustomStringConvertible, Sendable, Equatable {
  /// `inotify_init1` failed, e.g. `EMFILE` when `fs.inotify.max_user_instances` is reached.
  case inotifyUnavailable(errno: Int32)
  /// `inotify_add_watch` failed for `path`, e.g. `ENOSPC` when `fs.inotify.max_user_watches`
  /// is reached, `ENOTDIR` when the path is not a folder.
  case cannotWatch(path: String, errno: Int32)
  /// Reading events from the inotify descriptor failed.
  case readFailed(errno: Int32)
  /// Waiting on the descriptors with `poll` failed.
  case waitFailed(errno: Int32)
  /// Creating the self-pipe or installing the SIGINT/SIGTERM handlers failed.
  case signalSetupFailed(errno: Int32)

  /// The `errno` value behind the failure.
  public var errno: Int32 {
    switch self {
    case .inotifyUnavailable(let code), .cannotWatch(_, let code), .readFailed(let code),
      .waitFailed(let code), .signalSetupFailed(let code):
      return code
    }
  }

  /// A sentence naming what failed, the system's explanation and, where one exists, the remedy.
  public var description: String {
    let reason = Self.explanation(of: errno)
    switch self {
    case .inotifyUnavailable(let code):
      let hint = code == EMFILE ? " (raise the sysctl fs.inotify.max_user_instances)" : ""
      return "cannot create an inotify instance: \(reason)\(hint)"
    case .cannotWatch(let path, let code):
      let hint = code == ENOSPC ? " (raise the sysctl fs.inotify.max_user_watches)" : ""
      return "cannot watch the folder '\(path)': \(reason)\(hint)"
    case .readFailed:
      return "cannot read inotify events: \(reason)"
    case .waitFailed:
      return "cannot wait for file-system events: \(reason)"
    case .signalSetupFailed:
      return "cannot install the SIGINT/SIGTERM handlers: \(reason)"
    }
  }

  /// The C library's text for `code`, followed by its symbolic number.
  static func explanation(of code: Int32) -> String {
    guard let text = strerror(code) else { return "errno \(code)" }
    return "\(String(cString: text)) (errno \(code))"
  }
}

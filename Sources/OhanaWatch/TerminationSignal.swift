import Glibc
import Synchronization

/// Set by the handler at the first SIGINT or SIGTERM and never cleared.
private let terminationRequested = Atomic<Bool>(false)
/// The write end of the self-pipe, read by the handler; -1 until installed.
private let terminationPipeWriteEnd = Atomic<Int32>(-1)

/// The SIGINT/SIGTERM handler. It only does async-signal-safe work: an atomic store and one
/// non-blocking `write`, preserving `errno` for the interrupted code.
private func recordTerminationSignal(_ signal: Int32) {
  let savedErrno = errno
  terminationRequested.store(true, ordering: .sequentiallyConsistent)
  var byte: UInt8 = 1
  _ = write(terminationPipeWriteEnd.load(ordering: .sequentiallyConsistent), &byte, 1)
  errno = savedErrno
}

/// SIGINT and SIGTERM turned into a flag and a pollable file descriptor (the self-pipe trick).
///
/// ``install()`` sets process-wide handlers (with `SA_RESTART`) that record the request and
/// write a byte to a non-blocking pipe whose read end is ``fileDescriptor``. Unlike `signalfd`,
/// this needs no signal mask in every thread, so it may be installed at any time, even after
/// other threads started, and children started with `exec` get the default dispositions back.
/// The kernel delivers a process-directed signal (`kill`, Ctrl-C) to any thread that does not
/// block it, such as the main thread; worker threads of the concurrency runtime block signals,
/// so at least one thread (normally the main one) must leave SIGINT and SIGTERM unblocked.
/// The request is sticky: once a signal arrived, ``isRequested`` stays true and the descriptor
/// stays readable, so every waiter notices it. The handlers stay installed for the life of the
/// process: a second signal does not kill it, so the caller must exit once it has finished the
/// work in hand.
public final class TerminationSignal: Sendable {
  /// The pipe's read end: readable once a termination signal has arrived. Owned by this object;
  /// do not read from or close it.
  public let fileDescriptor: Int32

  /// Whether SIGINT or SIGTERM has arrived since installation. Never blocks.
  public var isRequested: Bool { terminationRequested.load(ordering: .sequentiallyConsistent) }

  /// Installs the handlers once per process (and unblocks the two signals in the calling
  /// thread); later calls return the same instance.
  public static func install() throws(WatchError) -> TerminationSignal {
    try installation.get()
  }

  private static let installation: Result<TerminationSignal, WatchError> = Result {
    () throws(WatchError) -> TerminationSignal in try TerminationSignal()
  }

  private init() throws(WatchError) {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { throw .signalSetupFailed(errno: errno) }
    for end in ends {
      guard fcntl(end, F_SETFD, FD_CLOEXEC) == 0, fcntl(end, F_SETFL, O_NONBLOCK) == 0 else {
        let code = errno
        ends.forEach { close($0) }
        throw .signalSetupFailed(errno: code)
      }
    }
    fileDescriptor = ends[0]
    terminationPipeWriteEnd.store(ends[1], ordering: .sequentiallyConsistent)

    var action = sigaction()
    action.__sigaction_handler.sa_handler = recordTerminationSignal
    action.sa_flags = SA_RESTART
    sigemptyset(&action.sa_mask)
    for signal in [SIGINT, SIGTERM] { sigaddset(&action.sa_mask, signal) }
    for signal in [SIGINT, SIGTERM] {
      guard sigaction(signal, &action, nil) == 0 else { throw .signalSetupFailed(errno: errno) }
    }
    // A child inherits the signal mask of the thread that started it: a process started from a
    // worker thread (a test runner, a thread pool) begins with SIGINT and SIGTERM blocked and
    // would never see them. The installing thread takes them again.
    var wanted = sigset_t()
    sigemptyset(&wanted)
    for signal in [SIGINT, SIGTERM] { sigaddset(&wanted, signal) }
    guard pthread_sigmask(SIG_UNBLOCK, &wanted, nil) == 0 else { throw .signalSetupFailed(errno: errno) }
  }
}

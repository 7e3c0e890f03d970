import Glibc
import Testing

@testable import OhanaWatch

/// The only test that raises a signal. The handlers are process-wide, so the signal is sent
/// with `pthread_kill` to this test's own thread, and no other thread or test can receive it.
/// The test runner's worker threads block signals, so SIGTERM is unblocked on this thread only
/// while it is sent (the handler runs before `pthread_kill` returns), then the mask is restored.
/// No other test depends on SIGTERM or on the request being absent, so the sticky request cannot
/// disturb them.
@Suite("TerminationSignal", .serialized)
struct TerminationSignalTests {
  @Test("SIGTERM sets the sticky request, makes the descriptor readable and wakes the watcher")
  func sigtermIsRecordedAndWakesTheWatcher() throws {
    let signal = try TerminationSignal.install()
    #expect(try TerminationSignal.install() === signal)
    #expect(!signal.isRequested)

    try raiseOnThisThread(SIGTERM)
    #expect(signal.isRequested)
    var descriptor = pollfd(fd: signal.fileDescriptor, events: Int16(POLLIN), revents: 0)
    #expect(poll(&descriptor, 1, 0) == 1)

    let folder = try TestFolder()
    defer { folder.remove() }
    let watcher = try DirectoryWatcher(root: folder.path, termination: signal)
    let started = ContinuousClock.now
    let batch = try watcher.next(timeout: .seconds(10))
    #expect(ContinuousClock.now - started < .seconds(5))
    #expect(batch == WatchBatch(terminationRequested: true))
    #expect(signal.isRequested)
  }

  /// Sends `signal` to the calling thread with it unblocked there, restoring the mask after.
  private func raiseOnThisThread(_ signal: Int32) throws {
    var unblocked = sigset_t()
    var saved = sigset_t()
    sigemptyset(&unblocked)
    sigaddset(&unblocked, signal)
    try #require(pthread_sigmask(SIG_UNBLOCK, &unblocked, &saved) == 0)
    defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
    try #require(pthread_kill(pthread_self(), signal) == 0)
  }
}

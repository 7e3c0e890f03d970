import Foundation

/// The helper threads behind ``Parallel``, and the jobs whose items they may take.
///
/// Each item of a job is taken once, under one lock, by whichever thread comes first: the
/// job's caller or an idle helper. The caller waits only for items a helper has already
/// started, which that helper is running, so no thread ever waits for a free helper.
final class WorkerPool: @unchecked Sendable {
  /// The pool of the process: a helper per core beyond the first (none on one core).
  static let shared = WorkerPool(helpers: ProcessInfo.processInfo.activeProcessorCount - 1)

  /// Stack of each helper, as large as a main thread's: items may recurse deeply.
  static let helperStackBytes = 8 << 20

  /// Work handed to the pool: `count` items, the next to take, and how many helpers are
  /// running one.
  private final class Job {
    let count: Int
    let run: (Int) -> Void
    var next = 0
    var running = 0

    init(count: Int, run: @escaping (Int) -> Void) {
      self.count = count
      self.run = run
    }
  }

  /// Number of helper threads.
  let helpers: Int
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  /// Signalled when a job with items to take is added.
  private let added = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  /// Broadcast when the helpers have finished every item they took of a job.
  private let finished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  /// Jobs with items not yet taken, oldest first.
  private var open: [Job] = []
  /// Helpers waiting for work.
  private var idle = 0

  /// A pool with `helpers` threads of its own, which live as long as the process.
  init(helpers: Int) {
    self.helpers = max(0, helpers)
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(added, nil)
    pthread_cond_init(finished, nil)
    for _ in 0..<self.helpers {
      let thread = Thread { [self] in serve() }
      thread.name = "ohana-parallel"
      thread.stackSize = Self.helperStackBytes
      thread.start()
    }
  }

  /// `body(0..<count)`, the caller taking items too; the results in index order.
  func map<Result>(_ count: Int, _ body: @escaping (Int) -> Result) -> [Result] {
    precondition(count >= 0, "Parallel.map: count \(count) is negative")
    guard count > 1, helpers > 0 else { return (0..<count).map(body) }
    let slots = UnsafeMutablePointer<Result?>.allocate(capacity: count)
    slots.initialize(repeating: nil, count: count)
    defer {
      slots.deinitialize(count: count)
      slots.deallocate()
    }
    let job = Job(count: count) { slots[$0] = body($0) }
    pthread_mutex_lock(mutex)
    open.append(job)
    for _ in 0..<min(idle, count - 1) { pthread_cond_signal(added) }
    while let index = take(from: job) {
      pthread_mutex_unlock(mutex)
      slots[index] = body(index)
      pthread_mutex_lock(mutex)
    }
    while job.running > 0 { pthread_cond_wait(finished, mutex) }
    pthread_mutex_unlock(mutex)
    return (0..<count).map { slots[$0].take()! }
  }

  /// Takes the next item of `job`, closing the job when it was the last; the mutex is held.
  private func take(from job: Job) -> Int? {
    guard job.next < job.count else { return nil }
    let index = job.next
    job.next += 1
    if job.next == job.count { open.removeAll { $0 === job } }
    return index
  }

  /// A helper's life: take an item of the oldest open job, run it, repeat; sleep when there
  /// is none.
  private func serve() {
    pthread_mutex_lock(mutex)
    while true {
      guard let job = open.first, let index = take(from: job) else {
        idle += 1
        pthread_cond_wait(added, mutex)
        idle -= 1
        continue
      }
      job.running += 1
      pthread_mutex_unlock(mutex)
      job.run(index)
      pthread_mutex_lock(mutex)
      job.running -= 1
      if job.running == 0 { pthread_cond_broadcast(finished) }
    }
  }
}

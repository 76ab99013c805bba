import Dispatch
import Foundation

/// A pointer handed to the worker threads of `Parallel.rows`; each thread
/// touches only its own range of rows, so sharing it is safe.
struct SharedPointer<Pointee>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Pointee>
}

/// A read-only pointer handed to the worker threads of `Parallel.rows`.
struct SharedConstPointer<Pointee>: @unchecked Sendable {
    let base: UnsafePointer<Pointee>
}

/// Work split over the machine's cores.
enum Parallel {
    /// Calls `body` on disjoint ranges covering 0..<n, on all cores.
    static func rows(_ n: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let chunks = max(1, min(n, ProcessInfo.processInfo.activeProcessorCount * 4))
        if chunks == 1 { body(0..<n); return }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in body((c * n / chunks)..<((c + 1) * n / chunks)) }
    }
}

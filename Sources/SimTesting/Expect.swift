import HDL
import Randomness
@_exported import SimBridge
import SimCore
import XCTest

/// A running simulation of `module` on `backend` (see `SimBackend.simulator`):
/// a failed assertion or assumption fails the calling test at the line that
/// made the simulator, naming the property's message, Swift file:line and cycle.
public func makeSimulator(_ module: ModuleDef, backend: SimBackend = .fromEnvironment,
                          stateSeed: UInt64 = SeededRandom.testSeed(0x5eed),
                          file: StaticString = #filePath, line: UInt = #line) throws -> any SimulationBackend {
    try backend.simulator(for: module, stateSeed: stateSeed) { failure in
        XCTFail("\(module.name) on \(backend.rawValue): \(failure)", file: file, line: line)
    }
}

extension SimulationBackend {
    /// Asserts that output `port` holds `value`; a failure points at the caller's
    /// file and line and names the port, the cycle and both values.
    public func expect(_ port: String, _ value: UInt64, _ message: @autoclosure () -> String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
        report(file: file, line: line) { try check(port, value, message()) }
    }

    /// Asserts a signed output value.
    public func expect(_ port: String, signed value: Int64, _ message: @autoclosure () -> String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
        report(file: file, line: line) { try check(port, signed: value, message()) }
    }

    /// Asserts a wide output value given as little-endian 64-bit words.
    public func expect(_ port: String, words: [UInt64], _ message: @autoclosure () -> String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
        report(file: file, line: line) { try check(port, words: words, message()) }
    }

    /// Asserts that the output a typed port refers to holds `value`.
    public func expect<T: Hardware>(_ port: T, _ value: UInt64, _ message: @autoclosure () -> String = "",
                                    file: StaticString = #filePath, line: UInt = #line) {
        report(file: file, line: line) { try check(port, value, message()) }
    }

    private func report(file: StaticString, line: UInt, _ body: () throws -> Void) {
        do { try body() } catch { XCTFail("\(error)", file: file, line: line) }
    }
}

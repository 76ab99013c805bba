import HDLSim
import XCTest

extension SimulationBackend {
    /// Asserts that output `port` holds `value`; a failure points at the caller's
    /// file and line and names the port, the cycle and both values.
    public func expect(_ port: String, _ value: UInt64, _ message: @autoclosure () -> String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
        do {
            let got = try peek(port)
            if got != value {
                XCTFail("cycle \(cycle): \(port) = \(got) (0x\(String(got, radix: 16))), expected \(value) (0x\(String(value, radix: 16)))"
                        + (message().isEmpty ? "" : " — \(message())"), file: file, line: line)
            }
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
    }

    /// Asserts a signed output value.
    public func expect(_ port: String, signed value: Int64, _ message: @autoclosure () -> String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
        do {
            let got = try peekSigned(port)
            if got != value {
                XCTFail("cycle \(cycle): \(port) = \(got), expected \(value)" + (message().isEmpty ? "" : " — \(message())"),
                        file: file, line: line)
            }
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
    }

    /// Asserts a wide output value given as little-endian 64-bit words.
    public func expect(_ port: String, words: [UInt64], _ message: @autoclosure () -> String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
        do {
            let got = try peekWords(port)
            if got != words {
                XCTFail("cycle \(cycle): \(port) = \(got), expected \(words)" + (message().isEmpty ? "" : " — \(message())"),
                        file: file, line: line)
            }
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
    }
}

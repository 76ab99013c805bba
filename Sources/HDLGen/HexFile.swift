import BitVector
import Foundation

/// A malformed vector or table file: names the file, the line and what is wrong.
public struct VectorFileError: Error, Sendable, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int?
    public let reason: String

    public init(file: String, line: Int?, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        "malformed vector file \(file)\(line.map { ":\($0)" } ?? ""): \(reason)"
    }
}

/// Reads files of one hex word per line (the `$readmemh` subset kllm-gen writes:
/// hex digits only, no comments or addresses), each word at most `width` bits.
public enum HexFile {
    /// The lines of `path` as `width`-bit values.
    public static func read(_ path: String, width: Int, expectedLines: Int? = nil) throws -> [BitVector] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VectorFileError(file: path, line: nil, reason: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw VectorFileError(file: path, line: nil, reason: "not UTF-8 text")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if let n = expectedLines, lines.count != n {
            throw VectorFileError(file: path, line: nil, reason: "has \(lines.count) lines, count.hex says \(n)")
        }
        return try lines.enumerated().map { (i, raw) in try parse(raw, width: width, file: path, line: i + 1) }
    }

    /// Compares `path` (`expected.count` lines of `width` bits) with what the golden
    /// model gives; the first differing line is an error naming it.
    public static func check(_ path: String, width: Int, against expected: [BitVector]) throws {
        let got = try read(path, width: width, expectedLines: expected.count)
        for (i, line) in got.enumerated() where line != expected[i] {
            throw VectorFileError(file: path, line: i + 1, reason: "expected \(expected[i].hex) from the golden model")
        }
    }

    static func parse(_ raw: String, width: Int, file: String, line: Int) throws -> BitVector {
        let s = raw.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { throw VectorFileError(file: file, line: line, reason: "empty line") }
        if let bad = s.first(where: { !$0.isHexDigit }) {
            throw VectorFileError(file: file, line: line, reason: "'\(bad)' is not a hex digit")
        }
        guard let v = BitVector(hex: s, width: width) else {
            throw VectorFileError(file: file, line: line, reason: "value '\(s)' is wider than \(width) bits")
        }
        return v
    }
}

/// Reads fields back out of a line, most significant field first.
public struct FieldReader {
    private let line: BitVector
    private var remaining: Int

    public init(_ line: BitVector) {
        self.line = line
        remaining = line.width
    }

    /// The next `width` bits as a value.
    public mutating func next(_ width: Int) -> BitVector {
        remaining -= width
        return line.slice(lo: remaining, count: width)
    }

    /// The next `width` bits as an unsigned value (width <= 64).
    public mutating func unsigned(_ width: Int) -> UInt64 { next(width).low64 }

    /// The next `width` bits as a signed value (width <= 64).
    public mutating func signed(_ width: Int) -> Int64 { next(width).signedValue }

    /// A SPEC-flattened bus of `count` elements (element 0 in the low bits).
    public mutating func bus(_ count: Int, width: Int, signed: Bool) -> [Int64] {
        let raw = (0..<count).map { _ in signed ? self.signed(width) : Int64(bitPattern: unsigned(width)) }
        return raw.reversed()
    }
}

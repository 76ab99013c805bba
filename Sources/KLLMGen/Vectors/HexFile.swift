import Foundation

/// A malformed vector or table file: names the file, the line and what is wrong.
public struct VectorFileError: Error, Sendable, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int?
    public let reason: String

    public var description: String {
        "malformed vector file \(file)\(line.map { ":\($0)" } ?? ""): \(reason)"
    }
}

/// Reads files of one hex word per line (the `$readmemh` subset kllm-gen writes:
/// hex digits only, no comments or addresses), each word at most `width` bits.
public enum HexFile {
    /// The lines of `path` as bit arrays (most significant first), `width` bits each.
    public static func read(_ path: String, width: Int, expectedLines: Int? = nil) throws -> [[Bool]] {
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

    static func parse(_ raw: String, width: Int, file: String, line: Int) throws -> [Bool] {
        let s = raw.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { throw VectorFileError(file: file, line: line, reason: "empty line") }
        var bits: [Bool] = []
        for c in s {
            guard let v = c.hexDigitValue else {
                throw VectorFileError(file: file, line: line, reason: "'\(c)' is not a hex digit")
            }
            for b in stride(from: 3, through: 0, by: -1) { bits.append((v >> b) & 1 == 1) }
        }
        let extra = bits.count - width
        if extra > 0 {
            guard !bits.prefix(extra).contains(true) else {
                throw VectorFileError(file: file, line: line, reason: "value '\(s)' is wider than \(width) bits")
            }
            bits.removeFirst(extra)
        }
        return Array(repeating: false, count: max(0, -extra)) + bits
    }
}

/// Reads fields back out of a line (most significant field first).
public struct FieldReader {
    private let bits: [Bool]
    private var at = 0

    public init(_ bits: [Bool]) { self.bits = bits }

    /// The next `width` bits as an unsigned value (width <= 64).
    public mutating func unsigned(_ width: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<width { v = v << 1 | (bits[at + i] ? 1 : 0) }
        at += width
        return v
    }

    /// The next `width` bits as a signed value.
    public mutating func signed(_ width: Int) -> Int64 {
        let v = unsigned(width)
        let shift = UInt64(64 - width)
        return Int64(bitPattern: v << shift) >> Int64(shift)
    }

    /// A SPEC-flattened bus of `count` elements (element 0 in the low bits).
    public mutating func bus(_ count: Int, width: Int, signed: Bool) -> [Int64] {
        let raw = (0..<count).map { _ in signed ? self.signed(width) : Int64(bitPattern: unsigned(width)) }
        return raw.reversed()
    }
}

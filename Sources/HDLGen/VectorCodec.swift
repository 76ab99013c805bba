import BitVector
import Randomness

/// How one top's test vectors are written and read back. One codec serves both
/// `kllm-gen vectors` (random stimulus and the golden model's results) and
/// `kllm-gen check-vectors` (the same layout parsed, the same model rerun), so
/// the two cannot drift apart.
public protocol VectorCodec {
    /// `count` random transactions (beats or cycles) from `seed`, with expected results.
    func write(seed: UInt64, count: Int) throws -> VectorSet
    /// Reads the set in `dir`, checks every file's shape and every expected result.
    /// Returns a one-line summary; throws `VectorFileError` naming the file and line.
    func check(dir: String) throws -> String
}

/// One field of a stream beat: a scalar (`count` 1) or a SPEC-flattened bus.
public struct VectorField: Sendable {
    public let name: String
    public let count: Int
    public let width: Int
    public let signed: Bool

    public init(_ name: String, count: Int = 1, width: Int, signed: Bool = false) {
        self.name = name
        self.count = count
        self.width = width
        self.signed = signed
    }

    /// Bits in a line.
    public var totalWidth: Int { count * width }
}

/// A malformed transaction stream (a dot product without `in_first`, say): which beat and why.
public struct StreamError: Error, Sendable {
    public let beat: Int
    public let reason: String
    public init(beat: Int, reason: String) {
        self.beat = beat
        self.reason = reason
    }
}

/// A block streamed transaction by transaction. The files: `count.hex` = {beats,
/// results} (two lines), `table.hex` (the table to load, one signed entry per
/// line, address order; empty when the block has none), `in.hex` (one beat per
/// line: the `gap` bit — 1 leaves one idle cycle before the beat — then
/// `beatFields`, most significant first) and `expect.hex` (one output beat per line).
/// A block supplies the layout, the stimulus and the golden model; writing and
/// checking are shared.
public protocol TransactionCodec: VectorCodec {
    /// Entries and signed width of `table.hex` (0 entries: no table).
    var table: (entries: Int, width: Int) { get }
    /// Fields of an `in.hex` line after the gap bit, most significant first.
    var beatFields: [VectorField] { get }
    /// Width of an `expect.hex` line.
    var resultWidth: Int { get }
    /// A random table and `count` beats (one value array per field, element 0 first).
    func stimulus(_ rng: inout SeededRandom, count: Int) -> (table: [Int64], beats: [[[Int64]]])
    /// The expected output lines, from the golden model.
    func results(table: [Int64], beats: [[[Int64]]]) throws -> [BitVector]
}

extension TransactionCodec {
    public func write(seed: UInt64, count: Int) throws -> VectorSet {
        guard count >= 1 else { throw CLIUsageError("--count must be at least 1 (got \(count))") }
        var rng = SeededRandom(seed: seed)
        let (table, beats) = stimulus(&rng, count: count)
        let lines = beats.map { beat in BitVector(rng.next() % 5 == 0 ? 1 : 0, width: 1).appending(encode(beat)).hex }
        let expect = try results(table: table, beats: beats)
        var set = VectorSet()
        set.add("count.hex", [String(beats.count, radix: 16), String(expect.count, radix: 16)])
        set.add("table.hex", table.map { BitVector(Int($0), width: self.table.width).hex })
        set.add("in.hex", lines)
        set.add("expect.hex", expect.map(\.hex))
        return set
    }

    public func check(dir: String) throws -> String {
        let counts = try HexFile.read("\(dir)/count.hex", width: 32, expectedLines: 2)
        var c0 = FieldReader(counts[0]), c1 = FieldReader(counts[1])
        let nBeats = Int(c0.unsigned(32)), nResults = Int(c1.unsigned(32))
        let tableValues = try HexFile.read("\(dir)/table.hex", width: table.width, expectedLines: table.entries)
            .map { var r = FieldReader($0); return r.signed(table.width) }
        let lineWidth = 1 + beatFields.reduce(0) { $0 + $1.totalWidth }
        let beats = try HexFile.read("\(dir)/in.hex", width: lineWidth, expectedLines: nBeats).map { bits -> [[Int64]] in
            var r = FieldReader(bits)
            _ = r.unsigned(1)
            return beatFields.map { r.bus($0.count, width: $0.width, signed: $0.signed) }
        }
        let expected: [BitVector]
        do {
            expected = try results(table: tableValues, beats: beats)
        } catch let e as StreamError {
            throw VectorFileError(file: "\(dir)/in.hex", line: e.beat + 1, reason: e.reason)
        }
        guard expected.count == nResults else {
            throw VectorFileError(file: "\(dir)/in.hex", line: nil, reason: "its vectors give \(expected.count) results, count.hex says \(nResults)")
        }
        try HexFile.check("\(dir)/expect.hex", width: resultWidth, against: expected)
        return "\(nBeats) beats, \(nResults) results consistent with the golden model"
    }

    /// The fields of one beat, most significant first (without the gap bit).
    func encode(_ beat: [[Int64]]) -> BitVector {
        .joined(zip(beatFields, beat).map { f, values in .bus(values, width: f.width) })
    }
}

extension BitVector {
    /// A SPEC-flattened bus: element 0 in the low bits, each element `width` bits.
    public static func bus(_ values: [Int64], width: Int) -> BitVector {
        .joined(values.reversed().map { BitVector(Int($0), width: width) })
    }
}

extension SeededRandom {
    /// Splits `count` beats into transactions of 1...`maxBeats` beats: true marks each transaction's last beat.
    public mutating func lastFlags(count: Int, maxBeats: Int) -> [Bool] {
        var flags: [Bool] = []
        var left = 0
        for i in 0..<count {
            if left == 0 { left = 1 + Int(next() % UInt64(max(1, maxBeats))) }
            if i == count - 1 { left = 1 }
            left -= 1
            flags.append(left == 0)
        }
        return flags
    }
}

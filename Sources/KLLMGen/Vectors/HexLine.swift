/// Builds one line of a vector file: fields packed most-significant first into a
/// single hex word, as `$readmemh` loads it into a `reg [W-1:0]` array.
public struct HexLine {
    private var bits: [Bool] = []  // most significant first

    public init() {}

    /// Appends the low `width` bits of `value` below the fields already added.
    public mutating func append(_ value: UInt64, width: Int) {
        for i in stride(from: width - 1, through: 0, by: -1) {
            bits.append(i < 64 ? (value >> UInt64(i)) & 1 == 1 : false)
        }
    }

    /// Appends a signed value in `width`-bit two's complement.
    public mutating func append(signed value: Int64, width: Int) {
        for i in stride(from: width - 1, through: 0, by: -1) {
            bits.append(i < 64 ? (UInt64(bitPattern: value) >> UInt64(i)) & 1 == 1 : value < 0)
        }
    }

    /// The bits, most significant first.
    public var bitsMSBFirst: [Bool] { bits }

    /// Total width so far.
    public var width: Int { bits.count }

    /// The hex text (ceil(width/4) digits).
    public var hex: String {
        var padded = Array(repeating: false, count: (4 - bits.count % 4) % 4) + bits
        if padded.isEmpty { padded = [false, false, false, false] }
        var s = ""
        for i in stride(from: 0, to: padded.count, by: 4) {
            let v = (padded[i] ? 8 : 0) + (padded[i + 1] ? 4 : 0) + (padded[i + 2] ? 2 : 0) + (padded[i + 3] ? 1 : 0)
            s.append(Character(String(v, radix: 16)))
        }
        return s
    }
}

/// A set of vector files for one top: named files of hex lines.
public struct VectorSet {
    /// File name (without folder) to lines.
    public var files: [(name: String, lines: [String])] = []
    public init() {}

    public mutating func add(_ name: String, _ lines: [String]) { files.append((name, lines)) }

    /// Files as (name, text), one hex word per line.
    public var rendered: [(name: String, text: String)] {
        files.map { ($0.name, $0.lines.isEmpty ? "" : $0.lines.joined(separator: "\n") + "\n") }
    }
}

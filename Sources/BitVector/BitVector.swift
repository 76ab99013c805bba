/// A value of a fixed bit width: the constant-bits side of every operator.
/// Little-endian 64-bit words, always masked to the width. Its operations run
/// the same `WordOps` kernels as the cycle simulator, so constant folding and
/// simulation cannot disagree; it also holds the value helpers every layer
/// needs (fits, two's complement of an `Int64`, vector-file hex lines).
public struct BitVector: Hashable, Sendable, CustomStringConvertible {
    public let width: Int
    /// Little-endian words, masked to `width`.
    public let words: [UInt64]

    /// `words` cut or zero-padded to exactly `width` bits (width >= 1).
    public init(words: [UInt64], width: Int) {
        precondition(width >= 1, "a bit vector has at least one bit (width \(width))")
        self.width = width
        self.words = Self.mask(words, width: width)
    }

    /// The two's complement of `value` in `width` bits (the low bits when it does not fit).
    public init(_ value: Int, width: Int) {
        let fill: UInt64 = value < 0 ? ~0 : 0
        var w = [UInt64(bitPattern: Int64(value))]
        while w.count < Self.wordCount(width) { w.append(fill) }
        self.init(words: w, width: width)
    }

    /// An unsigned value in `width` bits (the low bits when it does not fit).
    public init(unsigned value: UInt64, width: Int) { self.init(words: [value], width: width) }

    /// Zero of `width` bits.
    public static func zero(_ width: Int) -> BitVector { BitVector(words: [0], width: width) }

    /// Words needed for `width` bits.
    public static func wordCount(_ width: Int) -> Int { max(1, (width + 63) / 64) }

    /// `words` cut or padded to exactly `width` bits.
    public static func mask(_ words: [UInt64], width: Int) -> [UInt64] {
        var out = Array(words.prefix(wordCount(width)))
        while out.count < wordCount(width) { out.append(0) }
        out[out.count - 1] &= WordOps.topMask(width)
        return out
    }

    /// Bit `i` (false past the width).
    public func bit(_ i: Int) -> Bool { i < width && (words[i / 64] >> UInt64(i % 64)) & 1 == 1 }
    public var isZero: Bool { words.allSatisfy { $0 == 0 } }
    public var isAllOnes: Bool { self == BitVector(-1, width: width) }
    /// The most significant bit.
    public var signBit: Bool { bit(width - 1) }
    /// The lowest 64 bits, zero-extended.
    public var low64: UInt64 { words[0] }
    /// The value read as two's complement (widths up to 64).
    public var signedValue: Int64 {
        precondition(width <= 64, "signedValue of a \(width)-bit vector")
        return BitVector.wrapSigned(Int64(bitPattern: words[0]), width: width)
    }

    /// Hex digits, most significant first (ceil(width/4) of them), as `$readmemh` reads.
    public var hex: String {
        let digits = (width + 3) / 4
        var s = ""
        for d in stride(from: digits - 1, through: 0, by: -1) {
            var v = 0
            for b in 0..<4 where bit(d * 4 + b) { v |= 1 << b }
            s.append(Character(String(v, radix: 16)))
        }
        return s
    }

    public var description: String { "\(width)'h\(hex)" }

    /// `self` in the high bits, `low` below it (Verilog `{self, low}`).
    public func appending(_ low: BitVector) -> BitVector {
        low.concat(self)
    }

    /// Fields joined, the first in the most significant bits (Verilog `{a, b, ...}`).
    public static func joined(_ parts: [BitVector]) -> BitVector {
        precondition(!parts.isEmpty, "joining no fields")
        return parts.dropFirst().reduce(parts[0]) { $0.appending($1) }
    }

    /// The value of hex digits (most significant first) as `width` bits, or nil
    /// when a character is not a hex digit or the value needs more bits.
    public init?(hex: String, width: Int) {
        var w = [UInt64](repeating: 0, count: Self.wordCount(width) + 1)
        var bits = 0
        for c in hex.reversed() {
            guard let v = c.hexDigitValue else { return nil }
            for b in 0..<4 where (v >> b) & 1 == 1 {
                let i = bits + b
                guard i < width else { return nil }
                w[i / 64] |= UInt64(1) << UInt64(i % 64)
            }
            bits += 4
        }
        self.init(words: w, width: width)
    }

    // MARK: Value helpers

    /// Whether `value` is representable in `width` bits.
    public static func fits(_ value: Int, width: Int, signed: Bool) -> Bool {
        if width >= 64 { return signed || value >= 0 }
        if signed { return value >= -(1 << (width - 1)) && value <= (1 << (width - 1)) - 1 }
        return value >= 0 && value < (1 << width)
    }

    /// Whether little-endian `words` hold an unsigned value of at most `width` bits.
    public static func fits<Words: RandomAccessCollection>(words: Words, width: Int) -> Bool
        where Words.Element == UInt64, Words.Index == Int {
        let n = wordCount(width), start = words.startIndex
        if words.count > n && words[(start + n)...].contains(where: { $0 != 0 }) { return false }
        return !(width % 64 != 0 && words.count >= n && words[start + n - 1] & ~WordOps.topMask(width) != 0)
    }

    /// Bits to address `entries` entries: ceil(log2(entries)), at least 1.
    public static func addressWidth(entries: Int) -> Int { minWidth(max(entries - 1, 0), signed: false) }

    /// Minimum width holding `value` (unsigned: value >= 0; signed: two's complement).
    public static func minWidth(_ value: Int, signed: Bool) -> Int {
        var w = 1
        while !fits(value, width: w, signed: signed) { w += 1 }
        return w
    }

    /// `value` wrapped into a signed `width`-bit range (as hardware keeps the low bits).
    public static func wrapSigned(_ value: Int64, width: Int) -> Int64 {
        precondition((1...64).contains(width), "width \(width) out of 1...64")
        if width == 64 { return value }
        let shift = Int64(64 - width)
        return (value << shift) >> shift
    }

    /// `value` wrapped into an unsigned `width`-bit range.
    public static func wrapUnsigned(_ value: UInt64, width: Int) -> UInt64 {
        width >= 64 ? value : value & ((UInt64(1) << UInt64(width)) - 1)
    }

    /// Smallest and largest signed `width`-bit values.
    public static func signedRange(_ width: Int) -> ClosedRange<Int64> {
        width >= 64 ? Int64.min...Int64.max : -(Int64(1) << Int64(width - 1))...((Int64(1) << Int64(width - 1)) - 1)
    }

    /// `value` saturated into the signed `width`-bit range.
    public static func saturate(_ value: Int64, width: Int) -> Int64 {
        let r = signedRange(width)
        return min(max(value, r.lowerBound), r.upperBound)
    }
}

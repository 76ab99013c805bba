import BitVector
import HDLGen
import Randomness

/// The example designs as tops of `kllm-gen`.
public enum ExampleSpecs {
    static let counterWidth = ParameterSpec.integer("WIDTH", default: 8, in: 1...64, "counter width")
    static let macA = ParameterSpec.integer("A_W", default: 8, in: 1...32, "width of a")
    static let macB = ParameterSpec.integer("B_W", default: 8, in: 1...32, "width of b")
    static let macAcc = ParameterSpec.integer("ACC_W", default: 24, in: 2...64, "accumulator width (at least A_W + B_W)")
    static let fifoWidth = ParameterSpec.integer("WIDTH", default: 16, in: 1...1024, "word width")
    static let fifoDepth = ParameterSpec.integer("DEPTH", default: 8, in: 2...65536, "words, a power of two")
    static let adderWidth = ParameterSpec.integer("WIDTH", default: 256, in: 1...4096, "operand width")

    public static let all: [BlockSpec] = [counter, signedMAC, fifo, wideAdder]

    public static let counter =
        BlockSpec(name: "counter", summary: "up-counter with enable (example)", parameters: [counterWidth]) { p in
            try CounterGenerator(p).build()
        }
    public static let signedMAC =
        BlockSpec(name: "signed_mac", summary: "signed multiply-accumulate (example)", parameters: [macA, macB, macAcc],
                  vectors: { p in SignedMACCodec(aWidth: p[macA], bWidth: p[macB], accWidth: p[macAcc]) }) { p in
            try SignedMACGenerator(p).build()
        }
    public static let fifo =
        BlockSpec(name: "fifo", summary: "memory-based FIFO (example)", parameters: [fifoWidth, fifoDepth]) { p in
            try FIFOGenerator(p).build()
        }
    public static let wideAdder =
        BlockSpec(name: "wide_adder", summary: "combinational wide adder (example)", parameters: [adderWidth]) { p in
            try WideAdderGenerator(p).build()
        }
}

/// signed_mac, cycle by cycle: `stim.hex` holds `{rst, in_valid, in_clear, a, b}`
/// applied before a rising edge, `expect.hex` the `acc` after it; `count.hex` the cycles.
struct SignedMACCodec: VectorCodec {
    let aWidth: Int, bWidth: Int, accWidth: Int

    /// The expected `acc` after each cycle of `stimulus` ({rst, valid, clear, a, b}).
    func model(_ stimulus: [(rst: Bool, valid: Bool, clear: Bool, a: Int64, b: Int64)]) -> [BitVector] {
        var acc: Int64 = 0
        return stimulus.map { s in
            if s.rst { acc = 0 } else if s.valid { acc = BitVector.wrapSigned((s.clear ? 0 : acc) &+ s.a &* s.b, width: accWidth) }
            return BitVector(Int(acc), width: accWidth)
        }
    }

    func write(seed: UInt64, count: Int) throws -> VectorSet {
        guard count >= 1 else { throw CLIUsageError("--count must be at least 1 (got \(count))") }
        var rng = SeededRandom(seed: seed)
        let stimulus = (0..<count).map { cycle in
            (rst: cycle < 2 || rng.next() % 200 == 0, valid: rng.next() % 4 != 0, clear: rng.next() % 16 == 0,
             a: rng.next() % 8 == 0 ? BitVector.signedRange(aWidth).lowerBound : rng.signed(width: aWidth),
             b: rng.next() % 8 == 0 ? BitVector.signedRange(bWidth).lowerBound : rng.signed(width: bWidth))
        }
        let stim = stimulus.map { s in
            BitVector.joined([BitVector(s.rst ? 1 : 0, width: 1), BitVector(s.valid ? 1 : 0, width: 1), BitVector(s.clear ? 1 : 0, width: 1),
                              BitVector(Int(s.a), width: aWidth), BitVector(Int(s.b), width: bWidth)]).hex
        }
        var set = VectorSet()
        set.add("count.hex", [String(count, radix: 16)])
        set.add("stim.hex", stim)
        set.add("expect.hex", model(stimulus).map(\.hex))
        return set
    }

    func check(dir: String) throws -> String {
        let counts = try HexFile.read("\(dir)/count.hex", width: 32, expectedLines: 1)
        var c = FieldReader(counts[0])
        let n = Int(c.unsigned(32))
        let stimulus = try HexFile.read("\(dir)/stim.hex", width: 3 + aWidth + bWidth, expectedLines: n).map { bits in
            var r = FieldReader(bits)
            return (rst: r.unsigned(1) == 1, valid: r.unsigned(1) == 1, clear: r.unsigned(1) == 1, a: r.signed(aWidth), b: r.signed(bWidth))
        }
        try HexFile.check("\(dir)/expect.hex", width: accWidth, against: model(stimulus))
        return "\(n) cycles consistent with the golden model"
    }
}

import KLLMGolden

/// Vector files for the example designs (cycle by cycle).
enum ExampleVectors {
    /// signed_mac: per cycle, stimulus `{rst, in_valid, in_clear, a, b}` applied before
    /// the rising edge, and the expected `acc` after it. `count.hex` holds the cycles.
    static func signedMAC(aWidth: Int, bWidth: Int, accWidth: Int, seed: UInt64, count: Int) -> VectorSet {
        var rng = SeededRandom(seed: seed)
        var stim: [String] = [], expect: [String] = []
        var acc: Int64 = 0
        for cycle in 0..<count {
            let rst = cycle < 2 || rng.next() % 200 == 0
            let valid = rng.next() % 4 != 0
            let clear = rng.next() % 16 == 0
            let a = rng.next() % 8 == 0 ? FixedWidth.signedRange(aWidth).lowerBound : rng.signed(width: aWidth)
            let b = rng.next() % 8 == 0 ? FixedWidth.signedRange(bWidth).lowerBound : rng.signed(width: bWidth)
            if rst { acc = 0 } else if valid { acc = FixedWidth.wrapSigned((clear ? 0 : acc) &+ a &* b, width: accWidth) }
            var s = HexLine()
            s.append(rst ? 1 : 0, width: 1)
            s.append(valid ? 1 : 0, width: 1)
            s.append(clear ? 1 : 0, width: 1)
            s.append(signed: a, width: aWidth)
            s.append(signed: b, width: bWidth)
            stim.append(s.hex)
            var e = HexLine()
            e.append(signed: acc, width: accWidth)
            expect.append(e.hex)
        }
        var set = VectorSet()
        set.add("count.hex", [String(count, radix: 16)])
        set.add("stim.hex", stim)
        set.add("expect.hex", expect)
        return set
    }
}

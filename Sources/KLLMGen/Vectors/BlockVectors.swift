import KLLMGolden

/// Vector files for the KLLM blocks, transaction by transaction, from the golden
/// models. Every set has `count.hex` = {beats, results} (two lines), `table.hex`
/// (the table to load, one entry per line, address order), `in.hex` (one beat per
/// line, `gap` first: 1 = leave one idle cycle before this beat) and `expect.hex`
/// (one output beat per line, in order).
enum BlockVectors {
    static func lines(_ fields: [(UInt64, Int)]) -> String {
        var h = HexLine()
        for (v, w) in fields { h.append(v, width: w) }
        return h.hex
    }

    static func bus(_ values: [Int64], width: Int) -> HexLine {
        var h = HexLine()
        for v in values.reversed() { h.append(signed: v, width: width) }  // element 0 in the low bits
        return h
    }

    static func finish(_ table: [Int64], width: Int, beats: [String], expect: [String]) -> VectorSet {
        var set = VectorSet()
        set.add("count.hex", [String(beats.count, radix: 16), String(expect.count, radix: 16)])
        set.add("table.hex", table.map { var h = HexLine(); h.append(signed: $0, width: width); return h.hex })
        set.add("in.hex", beats)
        set.add("expect.hex", expect)
        return set
    }

    static func join(_ parts: [HexLine]) -> String {
        var all = HexLine()
        for p in parts { all.append(bits: p) }
        return all.hex
    }

    /// §4a: in = {gap, in_idx}; expect = {out_val}.
    static func lutMap(lanes: Int, indexBits: Int, outWidth: Int, seed: UInt64, count: Int) -> VectorSet {
        var rng = SeededRandom(seed: seed)
        let table = (0..<(1 << indexBits)).map { _ in rng.signed(width: outWidth) }
        var beats: [String] = [], expect: [String] = []
        for _ in 0..<count {
            let idx = (0..<lanes).map { _ in Int(rng.next() % UInt64(1 << indexBits)) }
            var gap = HexLine(); gap.append(rng.next() % 5 == 0 ? 1 : 0, width: 1)
            beats.append(join([gap, bus(idx.map(Int64.init), width: indexBits)]))
            expect.append(bus(BlockModels.lutMap(table: table, indices: idx), width: outWidth).hex)
        }
        return finish(table, width: outWidth, beats: beats, expect: expect)
    }

    /// §2: table = the 2^IBITS - 1 thresholds; in = {gap, in_data}; expect = {out_idx}.
    static func quantizer(lanes: Int, dataWidth: Int, indexBits: Int, seed: UInt64, count: Int) -> VectorSet {
        var rng = SeededRandom(seed: seed)
        var thr = (0..<((1 << indexBits) - 1)).map { _ in rng.signed(width: dataWidth) }.sorted()
        for j in 1..<max(1, thr.count) where rng.next() % 5 == 0 { thr[j] = thr[j - 1] }
        var beats: [String] = [], expect: [String] = []
        for _ in 0..<count {
            let x = (0..<lanes).map { _ in rng.next() % 3 == 0 && !thr.isEmpty ? thr[Int(rng.next() % UInt64(thr.count))] : rng.signed(width: dataWidth) }
            var gap = HexLine(); gap.append(rng.next() % 5 == 0 ? 1 : 0, width: 1)
            beats.append(join([gap, bus(x, width: dataWidth)]))
            expect.append(bus(x.map { Int64(BlockModels.quantize($0, thresholds: thr)) }, width: indexBits).hex)
        }
        return finish(thr, width: dataWidth, beats: beats, expect: expect)
    }

    /// §4b: in = {gap, last, in_idx}; expect = {out_sum} per vector.
    static func lutReduce(lanes: Int, indexBits: Int, valueWidth: Int, accWidth: Int, seed: UInt64, count: Int) -> VectorSet {
        var rng = SeededRandom(seed: seed)
        let table = (0..<(1 << indexBits)).map { _ in rng.signed(width: valueWidth) }
        var beats: [String] = [], expect: [String] = []
        var current: [Int] = []
        var left = 0
        for i in 0..<count {
            if left == 0 { left = 1 + Int(rng.next() % 6) }
            if i == count - 1 { left = 1 }
            let idx = (0..<lanes).map { _ in Int(rng.next() % UInt64(1 << indexBits)) }
            current += idx
            left -= 1
            var head = HexLine(); head.append(rng.next() % 5 == 0 ? 1 : 0, width: 1); head.append(left == 0 ? 1 : 0, width: 1)
            beats.append(join([head, bus(idx.map(Int64.init), width: indexBits)]))
            if left == 0 {
                expect.append(bus([BlockModels.lutReduce(table: table, indices: current, accWidth: accWidth)], width: accWidth).hex)
                current = []
            }
        }
        return finish(table, width: valueWidth, beats: beats, expect: expect)
    }

    /// §3: table empty; in = {gap, last, in_data}; expect = {max_val, max_pos, min_val, min_pos} per vector.
    static func orizuru(lanes: Int, dataWidth: Int, topK: Int, positionWidth: Int, seed: UInt64, count: Int) -> VectorSet {
        var rng = SeededRandom(seed: seed)
        let maxBeats = max(1, ((1 << min(positionWidth, 20)) - 1) / lanes)
        var beats: [String] = [], expect: [String] = []
        var current: [Int64] = []
        var left = 0
        for i in 0..<count {
            if left == 0 { left = 1 + Int(rng.next() % UInt64(min(6, maxBeats))) }
            if i == count - 1 { left = 1 }
            let x = (0..<lanes).map { _ in rng.next() % 2 == 0 ? Int64(rng.next() % 7) - 3 : rng.signed(width: dataWidth) }
            current += x
            left -= 1
            var head = HexLine(); head.append(rng.next() % 5 == 0 ? 1 : 0, width: 1); head.append(left == 0 ? 1 : 0, width: 1)
            beats.append(join([head, bus(x, width: dataWidth)]))
            if left == 0 {
                let r = BlockModels.orizuru(current, topK: topK, posWidth: positionWidth)
                expect.append(join([bus(r.maxValues, width: dataWidth), bus(r.maxPositions.map(Int64.init), width: positionWidth),
                                    bus(r.minValues, width: dataWidth), bus(r.minPositions.map(Int64.init), width: positionWidth)]))
                current = []
            }
        }
        return finish([], width: dataWidth, beats: beats, expect: expect)
    }

    /// §1: in = {gap, first, last, w_idx, a_idx}; expect = {out_row, out_acc} per output beat
    /// (out_row is written as 0 when the block has no out_row port).
    static func indexMatMul(rows: Int, cols: Int, wbits: Int, abits: Int, lutWidth: Int, accWidth: Int, outRows: Int,
                            seed: UInt64, count: Int) -> VectorSet {
        var rng = SeededRandom(seed: seed)
        let table = (0..<(1 << (wbits + abits))).map { _ in rng.signed(width: lutWidth) }
        let rowWidth = max(1, Bits(rows - 1))
        var beats: [String] = [], expect: [String] = []
        var w: [[Int]] = [], a: [[Int]] = []
        var left = 0
        for i in 0..<count {
            let first = left == 0
            if left == 0 { left = 1 + Int(rng.next() % 8) }
            if i == count - 1 { left = 1 }
            let wi = (0..<rows).map { _ in Int(rng.next() % UInt64(1 << wbits)) }
            let ai = (0..<cols).map { _ in Int(rng.next() % UInt64(1 << abits)) }
            w.append(wi); a.append(ai)
            left -= 1
            var head = HexLine()
            head.append(rng.next() % 5 == 0 ? 1 : 0, width: 1)
            head.append(first ? 1 : 0, width: 1)
            head.append(left == 0 ? 1 : 0, width: 1)
            beats.append(join([head, bus(wi.map(Int64.init), width: wbits), bus(ai.map(Int64.init), width: abits)]))
            if left == 0 {
                let res = BlockModels.indexMatMul(table: table, aBits: abits, accWidth: accWidth, wIdx: w, aIdx: a)
                for g in 0..<(rows / outRows) {
                    var row = HexLine(); row.append(UInt64(g * outRows), width: rowWidth)
                    expect.append(join([row, bus(Array(res[(g * outRows)..<((g + 1) * outRows)]).flatMap { $0 }, width: accWidth)]))
                }
                w = []; a = []
            }
        }
        return finish(table, width: lutWidth, beats: beats, expect: expect)
    }

    /// Bits needed for a non-negative value.
    static func Bits(_ v: Int) -> Int { v <= 0 ? 0 : Int.bitWidth - v.leadingZeroBitCount }
}

extension HexLine {
    /// Appends all bits of another line below the ones already added.
    mutating func append(bits other: HexLine) {
        for b in other.bitsMSBFirst { append(b ? 1 : 0, width: 1) }
    }
}

import BitVector

/// Bit-exact models of the KLLM blocks of SPEC.md §1–§4: pure functions of the
/// tables and the stream, in the numbers the RTL must produce.
public enum BlockModels {
    /// §1 index MatMul: for each r, c, the sum over beats k of
    /// `T[(w[k][r] << ABITS) | a[k][c]]`, wrapped to signed ACC_W bits.
    /// `table` has 2^(WBITS+ABITS) signed entries; `wIdx[k]` has ROWS indices,
    /// `aIdx[k]` has COLS indices. Result is `[r][c]`.
    public static func indexMatMul(table: [Int64], aBits: Int, accWidth: Int,
                                   wIdx: [[Int]], aIdx: [[Int]]) -> [[Int64]] {
        precondition(wIdx.count == aIdx.count && !wIdx.isEmpty, "a dot product needs K >= 1 beats of both operands")
        let rows = wIdx[0].count, cols = aIdx[0].count
        var acc = Array(repeating: Array(repeating: Int64(0), count: cols), count: rows)
        for k in 0..<wIdx.count {
            for r in 0..<rows {
                let base = wIdx[k][r] << aBits
                for c in 0..<cols { acc[r][c] = acc[r][c] &+ table[base | aIdx[k][c]] }
            }
        }
        return acc.map { $0.map { BitVector.wrapSigned($0, width: accWidth) } }
    }

    /// §2 quantizer: the number of thresholds strictly below `x` (ties go low).
    public static func quantize(_ x: Int64, thresholds: [Int64]) -> Int {
        thresholds.reduce(0) { $0 + (x > $1 ? 1 : 0) }
    }

    /// Result of §3 Orizuru for one vector.
    public struct TopK: Equatable, Sendable {
        public var maxValues: [Int64]
        public var maxPositions: [Int]
        public var minValues: [Int64]
        public var minPositions: [Int]
    }

    /// §3 Orizuru: the TOPK largest (largest first) and smallest (smallest first)
    /// elements with their positions; equal values order by lower position first;
    /// empty trailing slots hold position 2^POS_W - 1 and value 0.
    public static func orizuru(_ elements: [Int64], topK: Int, posWidth: Int) -> TopK {
        let indexed = elements.enumerated().map { (pos: $0.offset, val: $0.element) }
        let maxOrder = indexed.sorted { $0.val != $1.val ? $0.val > $1.val : $0.pos < $1.pos }
        let minOrder = indexed.sorted { $0.val != $1.val ? $0.val < $1.val : $0.pos < $1.pos }
        let emptyPos = (1 << posWidth) - 1
        func take(_ list: [(pos: Int, val: Int64)]) -> ([Int64], [Int]) {
            var vals: [Int64] = [], poss: [Int] = []
            for i in 0..<topK {
                if i < list.count { vals.append(list[i].val); poss.append(list[i].pos) } else { vals.append(0); poss.append(emptyPos) }
            }
            return (vals, poss)
        }
        let (mv, mp) = take(maxOrder)
        let (nv, np) = take(minOrder)
        return TopK(maxValues: mv, maxPositions: mp, minValues: nv, minPositions: np)
    }

    /// §4a LUT map: `F[idx]` for each index.
    public static func lutMap(table: [Int64], indices: [Int]) -> [Int64] {
        indices.map { table[$0] }
    }

    /// §4b LUT reduce: the sum of `G[idx]` over a vector, wrapped to signed ACC_W bits
    /// (computed the hardware way: a histogram of indices, then a dot product with G).
    public static func lutReduce(table: [Int64], indices: [Int], accWidth: Int) -> Int64 {
        var counts = Array(repeating: Int64(0), count: table.count)
        for i in indices { counts[i] += 1 }
        var sum: Int64 = 0
        for (i, c) in counts.enumerated() { sum = sum &+ c &* table[i] }
        return BitVector.wrapSigned(sum, width: accWidth)
    }
}

extension BlockModels {
    /// The MAC-array baseline: out[r][c] = Σ_k w_k[r] · a_k[c], wrapped to signed ACC_W bits.
    public static func macArray(w: [[Int64]], a: [[Int64]], accWidth: Int) -> [[Int64]] {
        let rows = w.first?.count ?? 0, cols = a.first?.count ?? 0
        return (0..<rows).map { r in
            (0..<cols).map { c in
                var sum: Int64 = 0
                for k in w.indices { sum = sum &+ w[k][r] &* a[k][c] }
                return BitVector.wrapSigned(sum, width: accWidth)
            }
        }
    }
}

extension BlockModels {
    /// The FP16 dequant-MAC baseline (`kllm_fp16_dequant_array`): every product
    /// cb[w] × a is exact in Float, the first beat loads it and later beats add with
    /// Float's round-to-nearest-even, in beat order. Returns FP32 bits [row][col].
    public static func fp16DequantMatMul(codebook: [UInt16], wIdx: [[Int]], a: [[UInt16]]) -> [[UInt32]] {
        let rows = wIdx.first?.count ?? 0, cols = a.first?.count ?? 0
        let centroids = codebook.map { Float(Float16(bitPattern: $0)) }
        return (0..<rows).map { r in
            (0..<cols).map { c in
                var acc: Float = 0
                for k in wIdx.indices {
                    let product = centroids[wIdx[k][r]] * Float(Float16(bitPattern: a[k][c]))
                    acc = k == 0 ? product : acc + product
                }
                return acc.bitPattern
            }
        }
    }
}

import KLLMGolden

/// Reads a vector set written for a block (possibly edited or produced by other
/// tools), checks every file's shape, and recomputes the expected outputs from
/// `table.hex` and `in.hex` with the golden model.
public enum VectorChecker {
    /// A one-line summary when the set is consistent; throws `VectorFileError` otherwise.
    public static func check(top: String, parameters p: [String: Int], dir: String) throws -> String {
        let counts = try HexFile.read("\(dir)/count.hex", width: 32, expectedLines: 2)
        var cr = FieldReader(counts[0]), cr2 = FieldReader(counts[1])
        let nBeats = Int(cr.unsigned(32)), nResults = Int(cr2.unsigned(32))
        func table(_ entries: Int, _ width: Int) throws -> [Int64] {
            try HexFile.read("\(dir)/table.hex", width: width, expectedLines: entries).map { var r = FieldReader($0); return r.signed(width) }
        }
        func beats(_ width: Int) throws -> [FieldReader] {
            try HexFile.read("\(dir)/in.hex", width: width, expectedLines: nBeats).map(FieldReader.init)
        }
        var expected: [HexLine] = []
        let expectWidth: Int
        switch top {
        case "kllm_lut_map":
            let (lanes, ib, ow) = (p["LANES"]!, p["IBITS"]!, p["OUT_W"]!)
            let t = try table(1 << ib, ow)
            for var b in try beats(1 + lanes * ib) {
                _ = b.unsigned(1)
                expected.append(BlockVectors.bus(BlockModels.lutMap(table: t, indices: b.bus(lanes, width: ib, signed: false).map { Int($0) }), width: ow))
            }
            expectWidth = lanes * ow
        case "kllm_quantizer":
            let (lanes, dw, ib) = (p["LANES"]!, p["DATA_W"]!, p["IBITS"]!)
            let t = try table((1 << ib) - 1, dw)
            for var b in try beats(1 + lanes * dw) {
                _ = b.unsigned(1)
                let x = b.bus(lanes, width: dw, signed: true)
                expected.append(BlockVectors.bus(x.map { Int64(BlockModels.quantize($0, thresholds: t)) }, width: ib))
            }
            expectWidth = lanes * ib
        case "kllm_lut_reduce":
            let (lanes, ib, vw, aw) = (p["LANES"]!, p["IBITS"]!, p["VAL_W"]!, p["ACC_W"]!)
            let t = try table(1 << ib, vw)
            var current: [Int] = []
            for var b in try beats(2 + lanes * ib) {
                _ = b.unsigned(1)
                let last = b.unsigned(1) == 1
                current += b.bus(lanes, width: ib, signed: false).map { Int($0) }
                if last {
                    expected.append(BlockVectors.bus([BlockModels.lutReduce(table: t, indices: current, accWidth: aw)], width: aw))
                    current = []
                }
            }
            expectWidth = aw
        case "kllm_orizuru":
            let (lanes, dw, k, pw) = (p["LANES"]!, p["DATA_W"]!, p["TOPK"]!, p["POS_W"]!)
            var current: [Int64] = []
            for var b in try beats(2 + lanes * dw) {
                _ = b.unsigned(1)
                let last = b.unsigned(1) == 1
                current += b.bus(lanes, width: dw, signed: true)
                if last {
                    let r = BlockModels.orizuru(current, topK: k, posWidth: pw)
                    var line = HexLine()
                    for part in [BlockVectors.bus(r.maxValues, width: dw), BlockVectors.bus(r.maxPositions.map(Int64.init), width: pw),
                                 BlockVectors.bus(r.minValues, width: dw), BlockVectors.bus(r.minPositions.map(Int64.init), width: pw)] {
                        line.append(bits: part)
                    }
                    expected.append(line)
                    current = []
                }
            }
            expectWidth = 2 * k * (dw + pw)
        case "kllm_index_matmul":
            let (rows, cols, wb, ab, lw, aw) = (p["ROWS"]!, p["COLS"]!, p["WBITS"]!, p["ABITS"]!, p["LUT_W"]!, p["ACC_W"]!)
            let outRows = p["OUT_ROWS"]! == 0 ? rows : p["OUT_ROWS"]!
            let rowWidth = max(1, BlockVectors.Bits(rows - 1))
            let t = try table(1 << (wb + ab), lw)
            var w: [[Int]] = [], a: [[Int]] = []
            for (i, var b) in try beats(3 + rows * wb + cols * ab).enumerated() {
                _ = b.unsigned(1)
                let first = b.unsigned(1) == 1, last = b.unsigned(1) == 1
                if first != w.isEmpty {
                    throw VectorFileError(file: "\(dir)/in.hex", line: i + 1, reason: first ? "in_first inside a dot product" : "dot product without in_first")
                }
                w.append(b.bus(rows, width: wb, signed: false).map { Int($0) })
                a.append(b.bus(cols, width: ab, signed: false).map { Int($0) })
                if last {
                    let res = BlockModels.indexMatMul(table: t, aBits: ab, accWidth: aw, wIdx: w, aIdx: a)
                    for g in 0..<(rows / outRows) {
                        var line = HexLine()
                        line.append(UInt64(g * outRows), width: rowWidth)
                        line.append(bits: BlockVectors.bus(Array(res[(g * outRows)..<((g + 1) * outRows)]).flatMap { $0 }, width: aw))
                        expected.append(line)
                    }
                    w = []; a = []
                }
            }
            expectWidth = rowWidth + outRows * cols * aw
        default:
            throw CLIUsageError("no vector checker for '\(top)'")
        }
        guard expected.count == nResults else {
            throw VectorFileError(file: "\(dir)/in.hex", line: nil, reason: "its vectors give \(expected.count) results, count.hex says \(nResults)")
        }
        let got = try HexFile.read("\(dir)/expect.hex", width: expectWidth, expectedLines: nResults)
        for (i, line) in got.enumerated() where line != expected[i].bitsMSBFirst {
            throw VectorFileError(file: "\(dir)/expect.hex", line: i + 1, reason: "expected \(expected[i].hex) from the golden model")
        }
        return "\(top): \(nBeats) beats, \(nResults) results consistent with the golden model"
    }
}

import Foundation
import KLLMGolden
import Randomness
import XCTest

/// The inference study: index arithmetic equals its float definition, and the
/// quantization methods rank as KLLM reports on LLM-like data.
final class StudyTests: XCTestCase {
    func small() -> Evaluation.Config {
        var c = Evaluation.Config()
        c.tokens = 12
        c.dModel = 32
        c.heads = 2
        c.dFF = 64
        c.seed = SeededRandom.testSeed(5)
        return c
    }

    func testIndexLinearEqualsDequantizedMatMul() {
        var rng = SeededRandom(seed: 9)
        let x = Matrix.gaussian(rows: 6, cols: 20, std: 1, rng: &rng)
        let w = Matrix.gaussian(rows: 5, cols: 20, std: 0.3, rng: &rng)
        for g in [Granularity.perChannel, .perGroup(8), .perTensor] {
            let a = KMeansQuantized(x, bits: 3, granularity: .perTensor)
            let wq = KMeansQuantized(w, bits: 3, granularity: g)
            let viaTable = IndexOps.linear(activations: a, weights: wq)
            let direct = Matrix.linear(a.dequantized(), wq.dequantized())
            for (p, q) in zip(viaTable.data, direct.data) { XCTAssertEqual(p, q, accuracy: 1e-4, "\(g)") }
        }
    }

    func testIndexDomainReductionsAndLUTs() {
        var rng = SeededRandom(seed: 10)
        let x = Matrix.gaussian(rows: 4, cols: 50, std: 1, rng: &rng)
        let q = KMeansQuantized(x, bits: 4, granularity: .perTensor)
        let deq = q.dequantized()
        let denominators = IndexOps.softmaxDenominators(q)
        let squares = IndexOps.sumsOfSquares(q)
        for r in 0..<4 {
            XCTAssertEqual(denominators[r], deq.row(r).reduce(0) { $0 + exp(Double($1)) }, accuracy: 1e-4)
            XCTAssertEqual(squares[r], deq.row(r).reduce(0) { $0 + Double($1) * Double($1) }, accuracy: 1e-4)
        }
        let silu = IndexOps.elementwise(q, Activation.silu)
        XCTAssertEqual(silu.data, deq.data.map(Activation.silu))
    }

    func testOutlierPositionsAreTopAndBottom() {
        XCTAssertEqual(OutlierCompensation.outlierPositions([0.1, 9, -7, 0.2, 3, -0.5], k: 1), [1, 2])
        XCTAssertEqual(OutlierCompensation.outlierPositions([0.1, 9, -7, 0.2, 3, -0.5], k: 2), [1, 2, 4, 5])
    }

    func testMethodsRankOnLLMLikeData() {
        let rows = Evaluation.decoderStudy(small())
        func err(_ method: String, _ layer: String) -> Double {
            rows.first { $0.method == method && $0.layer == layer }!.nmse
        }
        for layer in ["q_proj", "gate_proj", "block output"] {
            XCTAssertLessThan(err("K-Means W4A4", layer), err("uniform INT4 W4A4", layer), layer)
            XCTAssertLessThan(err("K-Means W4A4 + top-4", layer), err("K-Means W4A4", layer), layer)
            XCTAssertLessThan(err("K-Means W4A4", layer), err("K-Means W3A3", layer), layer)
        }
        XCTAssertTrue(rows.allSatisfy { $0.cosine > 0.5 && $0.cosine <= 1.000001 })
        XCTAssertTrue(Evaluation.table(rows).contains("block output"))
    }

    func testSafeTensorsRoundTripAndDTypes() throws {
        let data = SafeTensorsFile.encode([("w", [2, 3], [1, -2, 3.5, 0, 0.25, -8]), ("b", [3], [1, 2, 3])])
        let f = try SafeTensorsFile(data: data)
        XCTAssertEqual(try f.matrix("w"), Matrix(rows: 2, cols: 3, data: [1, -2, 3.5, 0, 0.25, -8]))
        XCTAssertEqual(try f.tensor("b").values, [1, 2, 3])
        // F16 1.5 = 0x3e00, BF16 -2.0 = 0xc000.
        let header = #"{"h":{"dtype":"F16","shape":[1],"data_offsets":[0,2]},"g":{"dtype":"BF16","shape":[1],"data_offsets":[2,4]}}"#
        var d = Data()
        var n = UInt64(header.utf8.count).littleEndian
        d.append(Data(bytes: &n, count: 8))
        d.append(Data(header.utf8))
        d.append(contentsOf: [0x00, 0x3e, 0x00, 0xc0])
        let h = try SafeTensorsFile(data: d)
        XCTAssertEqual(try h.tensor("h").values, [1.5])
        XCTAssertEqual(try h.tensor("g").values, [-2])
    }

    /// A checkpoint as users have them: every dtype in one file (as all-MiniLM-L6-v2
    /// mixes F32 weights with I64 position ids), each converted; a dtype the reader
    /// does not convert fails only when that tensor is asked for.
    func testEveryDtypeOfARealCheckpointReads() throws {
        func le<T: FixedWidthInteger>(_ v: [T]) -> [UInt8] { v.flatMap { x in withUnsafeBytes(of: x.littleEndian) { Array($0) } } }
        let data = SafeTensorsFile.encode(raw: [
            ("f64", "F64", [2], le([Double(1.5).bitPattern, Double(-2).bitPattern])),
            ("f32", "F32", [1], le([Float(0.25).bitPattern])),
            ("f16", "F16", [2], le([UInt16(0x3c00), UInt16(0xc000)])),          // 1, -2
            ("bf16", "BF16", [1], le([UInt16(0x3f80)])),                        // 1
            ("i64", "I64", [1, 3], le([Int64(0), Int64(511), Int64(-7)])),
            ("i32", "I32", [1], le([Int32(-40000)])),
            ("i16", "I16", [1], le([Int16(-300)])),
            ("i8", "I8", [2], le([Int8(-128), Int8(127)])),
            ("u8", "U8", [1], [200]),
            ("bool", "BOOL", [3], [1, 0, 1]),
            ("fp8", "F8_E4M3", [2], [0x38, 0x40]),
        ])
        let f = try SafeTensorsFile(data: data, path: "mixed.safetensors")
        XCTAssertEqual(try f.tensor("f64").values, [1.5, -2])
        XCTAssertEqual(try f.tensor("f32").values, [0.25])
        XCTAssertEqual(try f.tensor("f16").values, [1, -2])
        XCTAssertEqual(try f.tensor("bf16").values, [1])
        XCTAssertEqual(try f.tensor("i64").values, [0, 511, -7])
        XCTAssertEqual(try f.tensor("i64").shape, [1, 3])
        XCTAssertEqual(try f.tensor("i32").values, [-40000])
        XCTAssertEqual(try f.tensor("i16").values, [-300])
        XCTAssertEqual(try f.tensor("i8").values, [-128, 127])
        XCTAssertEqual(try f.tensor("u8").values, [200])
        XCTAssertEqual(try f.tensor("bool").values, [1, 0, 1])
        XCTAssertThrowsError(try f.tensor("fp8")) { e in
            XCTAssertTrue("\(e)".hasPrefix("malformed safetensors file mixed.safetensors: tensor 'fp8' has dtype F8_E4M3, which this reader does not convert"), "\(e)")
        }
        XCTAssertEqual(f.listing.first, "bf16  BF16  [1]")
        XCTAssertTrue(f.listing.contains("i64  I64  [1, 3]"))
    }

    func testMalformedSafeTensorsAreClearErrors() {
        func reason(_ d: Data) -> String {
            do { _ = try SafeTensorsFile(data: d, path: "x.safetensors"); return "accepted" } catch { return "\(error)" }
        }
        func file(_ header: String, payload: Int) -> Data {
            var n = UInt64(header.utf8.count).littleEndian
            var d = Data(bytes: &n, count: 8)
            d.append(Data(header.utf8))
            d.append(Data(count: payload))
            return d
        }
        XCTAssertEqual(reason(Data([1, 2])), "malformed safetensors file x.safetensors: shorter than the 8-byte header length")
        XCTAssertEqual(reason(Data([255, 0, 0, 0, 0, 0, 0, 0, 1])),
                       "malformed safetensors file x.safetensors: header length 255 exceeds the file (9 bytes)")
        XCTAssertEqual(reason(file("[1,2]", payload: 0)), "malformed safetensors file x.safetensors: the header is not a JSON object")
        XCTAssertEqual(reason(file(#"{"a":{"dtype":"I8","shape":[1],"data_offsets":[0,1]}}"#, payload: 1)), "accepted")
        XCTAssertEqual(reason(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, payload: 4)),
                       "malformed safetensors file x.safetensors: entry 'a': shape [2] of F32 needs 8 bytes, offsets give 4")
        XCTAssertEqual(reason(file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, payload: 2)),
                       "malformed safetensors file x.safetensors: entry 'a' data_offsets [0, 4] run past the data (2 bytes)")
    }
}

import Foundation
import KLLMGen
import XCTest

/// One codec writes and checks each top's vectors: a written set checks clean,
/// and a corrupted result or a broken stream is named by file and line.
final class VectorCodecTests: XCTestCase {
    private func temporaryDirectory() -> String { NSTemporaryDirectory() + "kllm-codec-\(UUID().uuidString)" }

    func testEveryTopWithVectorsRoundTripsAndCatchesACorruptedResult() throws {
        let tops = Registry.all.filter(\.hasVectors)
        XCTAssertEqual(tops.map(\.name), ["kllm_index_matmul", "kllm_quantizer", "kllm_orizuru", "kllm_lut_map", "kllm_lut_reduce", "kllm_linear",
                                          "signed_mac"])
        for spec in tops {
            let dir = temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let codec = try spec.vectorCodec(spec.resolve())
            try RTLWriter(outputDirectory: dir).write(codec.write(seed: 7, count: 60).rendered)
            XCTAssertTrue(try codec.check(dir: dir).contains("consistent with the golden model"), spec.name)
            var lines = try String(contentsOfFile: "\(dir)/expect.hex", encoding: .utf8).split(separator: "\n").map(String.init)
            let last = lines[lines.count - 1]
            lines[lines.count - 1] = String(last.dropLast()) + (last.last == "0" ? "1" : "0")
            try (lines.joined(separator: "\n") + "\n").write(toFile: "\(dir)/expect.hex", atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try codec.check(dir: dir), spec.name) { e in
                XCTAssertTrue("\(e)".hasPrefix("malformed vector file \(dir)/expect.hex:\(lines.count): expected "), "\(e)")
            }
        }
    }

    func testIndexMatMulStreamWithoutFirstIsNamed() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = try Registry.spec("kllm_index_matmul")
        let codec = try spec.vectorCodec(spec.resolve(["ROWS": "2", "COLS": "2"]))
        try RTLWriter(outputDirectory: dir).write(codec.write(seed: 3, count: 20).rendered)
        var lines = try String(contentsOfFile: "\(dir)/in.hex", encoding: .utf8).split(separator: "\n").map(String.init)
        // Line 1 starts a dot product: clear its in_first bit (bit 1 below the gap bit, of 3 + 2*4 + 2*4 = 19 bits).
        let value = UInt64(lines[0], radix: 16)! & ~(UInt64(1) << 17)
        lines[0] = String(value, radix: 16)
        try (lines.joined(separator: "\n") + "\n").write(toFile: "\(dir)/in.hex", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try codec.check(dir: dir)) { e in
            XCTAssertEqual("\(e)", "malformed vector file \(dir)/in.hex:1: dot product without in_first")
        }
    }

    func testTopWithoutVectorsSaysWhichHaveThem() throws {
        let spec = try Registry.spec("counter")
        XCTAssertThrowsError(try spec.vectorCodec(spec.resolve())) { e in
            XCTAssertEqual("\(e)", "'counter' has no vector files; tops with vectors: kllm_index_matmul, kllm_quantizer, kllm_orizuru, "
                           + "kllm_lut_map, kllm_lut_reduce, kllm_linear, signed_mac")
        }
    }
}

import KLLMGolden
import XCTest
@testable import KLLMModel

/// all-MiniLM-L6-v2 through the hardware path in a debug build: a wider scheme
/// (W6A6, top-8, 16-bit fixed point; per-matrix codebooks, which fit fast in a
/// debug build) must track FP32, and the paper's scheme
/// as first built (8-bit fixed point, one codebook per matrix) must not; the
/// full evaluation of the final scheme runs in `make model` (release).
final class MiniLMHardwareTests: XCTestCase {
    let calibration = ["The hospital hired more nurses to reduce waiting times in the emergency room.",
                       "Please remember to lock the door when you leave the office tonight.",
                       "Thank you!", "Researchers trained a neural network to detect tumours in X-ray images."]
    let sentences = ["A man is playing a guitar on the stage.", "How do I reset my password?", "No."]

    func cosines(_ settings: [String], base: QuantScheme) throws -> [Double] {
        let folder = try ModelFixtures.miniLM()
        let tok = try XCTUnwrap(folder.tokenizer)
        var scheme = base
        for s in settings { try scheme.set(s) }
        var fp = FloatPath()
        let ids = sentences.map(tok.encode)
        let reference = try folder.transformer.sentenceEmbeddings(ids, path: &fp)
        var path = HardwarePath(scheme: scheme)
        try path.calibrate(folder.transformer, sequences: calibration.map(tok.encode))
        XCTAssertEqual(path.layers.count, 36)
        let hardware = try folder.transformer.sentenceEmbeddings(ids, path: &path)
        return zip(reference, hardware).map { Similarity.cosine($0, $1) }
    }

    func testWideSchemeTracksFP32() throws {
        let c = try cosines(["WBITS=6", "ABITS=6", "TOPK=8", "DATA_W=16", "CW_W=16", "S_W=16", "ACC_W=48"], base: QuantScheme(name: "wide"))
        for (s, v) in zip(sentences, c) { XCTAssertGreaterThan(v, 0.97, s) }   // 0.994, 0.996, 0.975 measured in release
        XCTAssertGreaterThan(c.reduce(0, +) / Double(c.count), 0.985)
    }

    func testPaperSchemeBreaksTheModel() throws {
        let c = try cosines([], base: try SchemeCatalog.named("paper"))
        XCTAssertLessThan(c.reduce(0, +) / Double(c.count), 0.8, "\(c)")
    }
}

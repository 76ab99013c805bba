import KLLMGolden
import KLLMModel
import XCTest

/// The FP32 forward against an independent NumPy forward (the fixture), and
/// the decoder path (RMSNorm, SwiGLU, causal attention, RoPE) against a plain
/// implementation on a checkpoint the test writes itself.
final class ForwardTests: XCTestCase {
    func testMiniLMMatchesNumPyReference() throws {
        let folder = try ModelFixtures.miniLM()
        let fixture = try ModelFixtures.json("minilm_reference.json")
        let sentences = try XCTUnwrap(fixture["sentences"] as? [[String: Any]])
        let tok = try XCTUnwrap(folder.tokenizer)
        var ids: [[Int]] = [], expected: [[Double]] = []
        for s in sentences {
            let text = try XCTUnwrap(s["text"] as? String)
            let reference = try XCTUnwrap(s["ids"] as? [Int])
            XCTAssertEqual(tok.encode(text), reference, text)
            ids.append(reference)
            expected.append(try XCTUnwrap(s["embedding"] as? [Double]))
        }
        var path = FloatPath()
        let got = try folder.transformer.sentenceEmbeddings(ids, path: &path)
        for (i, (g, e)) in zip(got, expected).enumerated() {
            let cos = zip(g, e).reduce(0.0) { $0 + Double($1.0) * $1.1 }   // both unit length
            XCTAssertGreaterThanOrEqual(cos, 0.99999, "sentence \(i): cosine \(cos)")
        }
    }
}

import KLLMModel
import XCTest

/// The WordPiece tokenizer against the ids Hugging Face `tokenizers` gave
/// (bench/model/make_fixtures.py), and on a vocabulary of its own.
final class TokenizerTests: XCTestCase {
    func testMatchesReferenceTokenizerOnFixture() throws {
        let folder = try ModelFixtures.miniLM()
        let fixture = try ModelFixtures.json("tokenizer.json")
        let maxLength = try XCTUnwrap(fixture["max_length"] as? Int)
        let base = try XCTUnwrap(folder.tokenizer)
        let tok = try WordPieceTokenizer(vocabulary: base.vocabulary, lowercase: true, maxLength: maxLength)
        let cases = try XCTUnwrap(fixture["cases"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(cases.count, 20)
        for c in cases {
            let text = try XCTUnwrap(c["text"] as? String), ids = try XCTUnwrap(c["ids"] as? [Int])
            XCTAssertEqual(tok.encode(text), ids, "text: \(text.debugDescription)")
        }
    }

    func testWordPieceOnSmallVocabulary() throws {
        let words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "aff", "!", "cafe", "##s", "a"]
        let vocab = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, $0) })
        let tok = try WordPieceTokenizer(vocabulary: vocab, lowercase: true, maxLength: 6)
        XCTAssertEqual(tok.encode("UNAFFABLE!"), [2, 5, 6, 7, 9, 3])          // un ##aff ##able !
        XCTAssertEqual(tok.encode("Cafés"), [2, 10, 11, 3])                   // accent stripped, cafe ##s
        XCTAssertEqual(tok.encode("unx"), [2, 1, 3])                          // no piece for x: the whole word is [UNK]
        XCTAssertEqual(tok.encode("a [MASK] a"), [2, 12, 4, 12, 3])           // special tokens kept whole
        XCTAssertEqual(tok.encode("a a a a a a a"), [2, 12, 12, 12, 12, 3])   // truncated to maxLength
        XCTAssertThrowsError(try WordPieceTokenizer(vocabulary: ["a": 0], lowercase: true, maxLength: 8)) { e in
            XCTAssertTrue("\(e)".contains("[CLS]"), "\(e)")
        }
    }
}

import Foundation
import KLLMGolden

/// A checkpoint folder as Hugging Face writes it: `config.json`,
/// `model.safetensors`, and `tokenizer.json` or `vocab.txt` (WordPiece), with
/// the sentence-transformers settings (`sentence_bert_config.json`) when present.
public struct ModelFolder: Sendable {
    public let path: String
    public let config: TransformerConfig
    public let transformer: Transformer
    /// Nil when the folder has no WordPiece tokenizer (token ids must then be given).
    public let tokenizer: WordPieceTokenizer?

    /// Opens `path`; a missing file or an unknown architecture is one `ModelError` naming it.
    public init(path: String, maxLength: Int? = nil) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw ModelError("\(path) is not a folder (a checkpoint folder holds config.json and model.safetensors)")
        }
        self.path = path
        func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }
        for required in ["config.json", "model.safetensors"] where !exists(required) {
            throw ModelError("\(path) has no \(required)")
        }
        config = try TransformerConfig(file: file("config.json"))
        let tensors: SafeTensorsFile
        do { tensors = try SafeTensorsFile(path: file("model.safetensors")) } catch { throw ModelError("\(error)") }
        transformer = Transformer(config: config, weights: try TransformerWeights(tensors, config: config))
        tokenizer = try Self.tokenizer(in: path, config: config, maxLength: maxLength)
    }

    static func json(_ path: String) -> [String: Any]? {
        FileManager.default.contents(atPath: path).flatMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] }
    }

    /// The WordPiece tokenizer of the folder, nil when it has none.
    static func tokenizer(in path: String, config: TransformerConfig, maxLength: Int?) throws -> WordPieceTokenizer? {
        func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
        let settings = json(file("tokenizer_config.json")) ?? [:]
        let lowercase = settings["do_lower_case"] as? Bool ?? true
        let length = maxLength ?? (json(file("sentence_bert_config.json"))?["max_seq_length"] as? Int)
            ?? (settings["model_max_length"] as? Int).map { min($0, config.maxPositions) } ?? config.maxPositions
        guard length <= config.maxPositions else {
            throw ModelError("max length \(length) exceeds the model's \(config.maxPositions) positions")
        }
        do {
            if FileManager.default.fileExists(atPath: file("vocab.txt")) {
                return try WordPieceTokenizer(vocabulary: WordPieceTokenizer.readVocabularyFile(file("vocab.txt")), lowercase: lowercase, maxLength: length)
            }
            if FileManager.default.fileExists(atPath: file("tokenizer.json")) {
                let t = try WordPieceTokenizer.readTokenizerJSON(file("tokenizer.json"))
                return try WordPieceTokenizer(vocabulary: t.vocabulary, lowercase: lowercase, maxLength: length,
                                              specialTokens: t.specialTokens.isEmpty ? ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] : t.specialTokens)
            }
        } catch let e as WordPieceTokenizer.VocabularyError {
            throw ModelError(e.description)
        }
        return nil
    }
}

import Foundation

/// A BERT WordPiece tokenizer: special tokens kept whole, `BertTextSplitter`,
/// then greedy longest-match-first WordPiece (continuations prefixed `##`; a
/// word with a piece not in the vocabulary, or longer than 100 characters,
/// becomes `[UNK]`), `[CLS] ... [SEP]` around it, truncated to `maxLength`.
public struct WordPieceTokenizer: Sendable {
    /// A vocabulary that cannot be used; says which file and why.
    public struct VocabularyError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public let vocabulary: [String: Int]
    public let splitter: BertTextSplitter
    /// Tokens matched in the raw text before normalization ([CLS], [SEP], [MASK], ...).
    public let specialTokens: [String]
    public let maxLength: Int
    public let cls: Int, sep: Int, unk: Int
    static let maxWordCharacters = 100

    public init(vocabulary: [String: Int], lowercase: Bool, maxLength: Int, specialTokens: [String] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]) throws {
        guard maxLength >= 2 else { throw VocabularyError(description: "max length \(maxLength) leaves no room for [CLS] and [SEP]") }
        func id(_ t: String) throws -> Int {
            guard let i = vocabulary[t] else { throw VocabularyError(description: "the vocabulary has no \(t) token") }
            return i
        }
        self.vocabulary = vocabulary
        self.splitter = BertTextSplitter(lowercase: lowercase)
        self.specialTokens = specialTokens.filter { vocabulary[$0] != nil }.sorted { $0.count > $1.count }
        self.maxLength = maxLength
        (cls, sep, unk) = (try id("[CLS]"), try id("[SEP]"), try id("[UNK]"))
    }

    /// The vocabulary of a `vocab.txt` (one token per line, the line number is its id).
    public static func readVocabularyFile(_ path: String) throws -> [String: Int] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw VocabularyError(description: "cannot read the vocabulary \(path)")
        }
        var vocab: [String: Int] = [:]
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        for (i, line) in lines.enumerated() {
            let token = line.hasSuffix("\r") ? String(line.dropLast()) : line
            if vocab[token] == nil { vocab[token] = i }
        }
        guard !vocab.isEmpty else { throw VocabularyError(description: "the vocabulary \(path) is empty") }
        return vocab
    }

    /// The WordPiece vocabulary inside a Hugging Face `tokenizer.json` (`model.vocab`).
    public static func readTokenizerJSON(_ path: String) throws -> (vocabulary: [String: Int], specialTokens: [String]) {
        guard let data = FileManager.default.contents(atPath: path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw VocabularyError(description: "\(path) is not a JSON object")
        }
        guard let model = json["model"] as? [String: Any], (model["type"] as? String) == "WordPiece",
              let vocab = model["vocab"] as? [String: Int] else {
            throw VocabularyError(description: "\(path) holds no WordPiece model with a vocab")
        }
        let added = (json["added_tokens"] as? [[String: Any]] ?? []).compactMap { $0["content"] as? String }
        return (vocab, added)
    }

    /// Token ids of `text`: [CLS], its pieces (at most maxLength - 2), [SEP].
    public func encode(_ text: String) -> [Int] {
        var ids: [Int] = []
        for part in splitSpecial(text) {
            switch part {
            case .special(let id): ids.append(id)
            case .text(let t): for word in splitter.words(t) { ids += pieces(word) }
            }
        }
        return [cls] + ids.prefix(maxLength - 2) + [sep]
    }

    enum Part { case special(Int), text(String) }

    /// The text cut at every occurrence of a special token (longest first).
    func splitSpecial(_ text: String) -> [Part] {
        var parts: [Part] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            var earliest: (range: Range<Substring.Index>, token: String)?
            for t in specialTokens {
                if let r = rest.range(of: t, options: .literal), earliest == nil || r.lowerBound < earliest!.range.lowerBound {
                    earliest = (r, t)
                }
            }
            guard let hit = earliest else { parts.append(.text(String(rest))); break }
            parts.append(.text(String(rest[..<hit.range.lowerBound])))
            parts.append(.special(vocabulary[hit.token]!))
            rest = rest[hit.range.upperBound...]
        }
        return parts
    }

    /// Greedy longest-match-first pieces of one word.
    func pieces(_ word: [Unicode.Scalar]) -> [Int] {
        guard word.count <= Self.maxWordCharacters else { return [unk] }
        var out: [Int] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int?
            while start < end {
                var s = String(String.UnicodeScalarView(word[start..<end]))
                if start > 0 { s = "##" + s }
                if let id = vocabulary[s] { found = id; break }
                end -= 1
            }
            guard let id = found else { return [unk] }
            out.append(id)
            start = end
        }
        return out
    }
}

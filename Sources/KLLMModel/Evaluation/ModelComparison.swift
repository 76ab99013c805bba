import Foundation

/// Sentence embeddings of one path against FP32: per sentence the cosine, per
/// pair the two similarity scores, and the Spearman correlation of the scores.
public struct ModelComparison: Sendable {
    public let sentences: [String]
    public let fp32: [[Float]], other: [[Float]]
    public let pairs: [(a: String, b: String)]

    public init(sentences: [String], fp32: [[Float]], other: [[Float]], pairs: [(a: String, b: String)]) {
        precondition(sentences.count == fp32.count && fp32.count == other.count, "one embedding per sentence")
        (self.sentences, self.fp32, self.other, self.pairs) = (sentences, fp32, other, pairs)
    }

    public var cosines: [Double] { zip(fp32, other).map { Similarity.cosine($0, $1) } }
    public var meanCosine: Double { cosines.reduce(0, +) / Double(max(1, cosines.count)) }
    public var worstCosine: Double { cosines.min() ?? 0 }

    func index(_ s: String) -> Int { sentences.firstIndex(of: s)! }

    /// (FP32 score, this path's score) of every pair.
    public var pairScores: [(fp32: Double, other: Double)] {
        pairs.map { p in
            let (i, j) = (index(p.a), index(p.b))
            return (Similarity.cosine(fp32[i], fp32[j]), Similarity.cosine(other[i], other[j]))
        }
    }

    public var spearman: Double {
        let s = pairScores
        return s.count >= 2 ? Similarity.spearman(s.map(\.fp32), s.map(\.other)) : .nan
    }

    /// The `--json` document: {"sentences": [{"text", "fp32", "hardware"}], "pairs": [{"a", "b", "fp32", "hardware"}]}.
    public func json() throws -> Data {
        let sentenceObjects: [[String: Any]] = sentences.indices.map { i in
            ["text": sentences[i], "fp32": fp32[i].map(Double.init), "hardware": other[i].map(Double.init)]
        }
        let pairObjects: [[String: Any]] = zip(pairs, pairScores).map { p, s in ["a": p.a, "b": p.b, "fp32": s.fp32, "hardware": s.other] }
        return try JSONSerialization.data(withJSONObject: ["sentences": sentenceObjects, "pairs": pairObjects], options: [.sortedKeys])
    }
}

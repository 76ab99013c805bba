import Foundation

/// Sentences and sentence pairs to compare the hardware path with FP32 on.
public struct EvaluationSet: Sendable {
    /// A malformed input file; names the file and the line.
    public struct FormatError: Error, Sendable, CustomStringConvertible { public let description: String }

    public var pairs: [(a: String, b: String)]
    public var texts: [String]

    public init(pairs: [(a: String, b: String)] = [], texts: [String] = []) { (self.pairs, self.texts) = (pairs, texts) }

    /// Every distinct sentence, in first-seen order (texts, then the pairs').
    public var sentences: [String] {
        var seen = Set<String>(), out: [String] = []
        for s in texts + pairs.flatMap({ [$0.a, $0.b] }) where seen.insert(s).inserted { out.append(s) }
        return out
    }

    /// A tab-separated file of sentence pairs, one pair per line (blank lines and lines starting with # skipped).
    public static func readPairs(_ path: String) throws -> [(a: String, b: String)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw FormatError(description: "cannot read the pairs file \(path)") }
        var pairs: [(a: String, b: String)] = []
        for (i, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = line.components(separatedBy: "\t")
            guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw FormatError(description: "\(path):\(i + 1): expected two tab-separated sentences, found \(fields.count) field(s)")
            }
            pairs.append((fields[0], fields[1]))
        }
        guard !pairs.isEmpty else { throw FormatError(description: "\(path) holds no sentence pairs") }
        return pairs
    }

    /// Calibration text: one sequence per non-empty line.
    public static func readLines(_ path: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw FormatError(description: "cannot read \(path)") }
        let lines = text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw FormatError(description: "\(path) holds no text") }
        return lines
    }
}

/// Rank statistics and cosines used by the report.
public enum Similarity {
    /// Cosine of two vectors.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, aa = 0.0, bb = 0.0
        for (x, y) in zip(a, b) { dot += Double(x) * Double(y); aa += Double(x) * Double(x); bb += Double(y) * Double(y) }
        return aa > 0 && bb > 0 ? dot / (aa * bb).squareRoot() : 0
    }

    /// Ranks from 1, ties sharing their mean rank.
    static func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
            for m in i...j { r[order[m]] = Double(i + j) / 2 + 1 }
            i = j + 1
        }
        return r
    }

    /// Spearman's rank correlation (Pearson correlation of the ranks).
    public static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "spearman: \(a.count) and \(b.count) values")
        let (ra, rb) = (ranks(a), ranks(b))
        let n = Double(a.count), ma = ra.reduce(0, +) / n, mb = rb.reduce(0, +) / n
        var num = 0.0, da = 0.0, db = 0.0
        for (x, y) in zip(ra, rb) { num += (x - ma) * (y - mb); da += (x - ma) * (x - ma); db += (y - mb) * (y - mb) }
        return da > 0 && db > 0 ? num / (da * db).squareRoot() : 0
    }
}

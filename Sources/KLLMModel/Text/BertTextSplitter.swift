/// The text steps of a BERT tokenizer before WordPiece, as Hugging Face's
/// `BertNormalizer` and `BertPreTokenizer` do them: drop control characters
/// and U+FFFD, turn every whitespace into a space, put spaces around CJK
/// ideographs, strip accents (NFD, then no nonspacing marks), lowercase, then
/// split on whitespace and make every punctuation character its own word.
public struct BertTextSplitter: Sendable {
    /// Lowercase and strip accents (an uncased vocabulary).
    public let lowercase: Bool

    public init(lowercase: Bool) { self.lowercase = lowercase }

    /// The words of `text`, each as its Unicode scalars.
    public func words(_ text: String) -> [[Unicode.Scalar]] {
        var cleaned = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if s.value == 0 || s.value == 0xFFFD || Self.isControl(s) { continue }
            if Self.isWhitespace(s) { cleaned.append(" "); continue }
            if Self.isCJK(s) { cleaned.append(" "); cleaned.append(s); cleaned.append(" "); continue }
            cleaned.append(s)
        }
        var normalized = String(cleaned)
        if lowercase {
            let stripped = normalized.decomposedStringWithCanonicalMapping.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
            normalized = String(String.UnicodeScalarView(stripped)).lowercased()
        }
        var words: [[Unicode.Scalar]] = [], current: [Unicode.Scalar] = []
        func flush() { if !current.isEmpty { words.append(current); current = [] } }
        for s in normalized.unicodeScalars {
            if Self.isWhitespace(s) { flush() } else if Self.isPunctuation(s) { flush(); words.append([s]) } else { current.append(s) }
        }
        flush()
        return words
    }

    /// Tab, newline and carriage return count as whitespace, never as control.
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        s == "\t" || s == "\n" || s == "\r" || s.properties.isWhitespace
    }

    /// Categories Cc, Cf, Cs, Co, Cn (other than tab, newline, carriage return).
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// ASCII punctuation (which includes symbols such as `$+<=>^|~`) or a Unicode P* category.
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    /// The CJK Unified Ideographs blocks (as BERT defines "Chinese characters").
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        let ranges: [ClosedRange<UInt32>] = [0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
                                             0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F]
        return ranges.contains { $0.contains(s.value) }
    }
}

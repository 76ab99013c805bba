/// A sorted set of centroids: nearest-centroid encoding through the decision
/// thresholds (midpoints of neighbours), and decoding back to values.
public struct Codebook: Sendable, Equatable {
    /// Centroids in non-decreasing order (equal neighbours allowed).
    public let centroids: [Double]
    /// `thresholds[j] = (c[j] + c[j+1]) / 2`; there are `count - 1`.
    public let thresholds: [Double]

    public init(centroids: [Double]) {
        precondition(!centroids.isEmpty, "a codebook needs a centroid")
        let c = centroids.sorted()
        self.centroids = c
        self.thresholds = (0..<(c.count - 1)).map { (c[$0] + c[$0 + 1]) / 2 }
    }

    public var count: Int { centroids.count }

    /// The index of the nearest centroid: the number of thresholds strictly below
    /// `x`, so a value exactly on a threshold takes the lower index (SPEC §2).
    public func encode(_ x: Double) -> Int {
        var lo = 0, hi = thresholds.count  // first j with thresholds[j] >= x
        while lo < hi {
            let mid = (lo + hi) / 2
            if thresholds[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The centroid of index `i`.
    public func decode(_ i: Int) -> Double { centroids[i] }

    /// Fit a `2^bits`-entry codebook to `data` with the exact DP.
    public static func fit(_ data: [Double], bits: Int) -> Codebook {
        Codebook(centroids: KMeans1D.optimal(data, k: 1 << bits).centroids)
    }
}

/// Which values share one codebook.
public enum Granularity: Sendable, Equatable, CustomStringConvertible {
    /// One codebook for the whole tensor.
    case perTensor
    /// One codebook per row (output channel of a weight, token of an activation).
    case perChannel
    /// One codebook per run of `g` consecutive values of a row.
    case perGroup(Int)

    public var description: String {
        switch self {
        case .perTensor: return "per-tensor"
        case .perChannel: return "per-channel"
        case .perGroup(let g): return "per-group(\(g))"
        }
    }
}

/// A matrix quantized to codebook indices: one codebook per tensor, row or group.
public struct KMeansQuantized: Sendable {
    public let rows: Int
    public let cols: Int
    public let granularity: Granularity
    /// Codebooks in order: 1, `rows`, or `rows * ceil(cols/g)`.
    public let codebooks: [Codebook]
    /// Index of every element, row-major.
    public private(set) var indices: [Int] = []

    /// The codebook used by element (r, c).
    public func codebook(row r: Int, col c: Int) -> Codebook {
        switch granularity {
        case .perTensor: return codebooks[0]
        case .perChannel: return codebooks[r]
        case .perGroup(let g): return codebooks[r * ((cols + g - 1) / g) + c / g]
        }
    }

    /// Quantize `m` with `2^bits`-entry codebooks fitted by the exact DP.
    public init(_ m: Matrix, bits: Int, granularity: Granularity) {
        rows = m.rows
        cols = m.cols
        self.granularity = granularity
        var books: [Codebook] = []
        switch granularity {
        case .perTensor:
            books = [Codebook.fit(m.data.map(Double.init), bits: bits)]
        case .perChannel:
            books = (0..<m.rows).map { r in Codebook.fit(m.row(r).map(Double.init), bits: bits) }
        case .perGroup(let g):
            precondition(g >= 1, "group size must be at least 1")
            for r in 0..<m.rows {
                let row = m.row(r)
                for start in stride(from: 0, to: m.cols, by: g) {
                    books.append(Codebook.fit(row[start..<min(start + g, m.cols)].map(Double.init), bits: bits))
                }
            }
        }
        codebooks = books
        var idx = [Int](repeating: 0, count: m.rows * m.cols)
        for r in 0..<m.rows {
            for c in 0..<m.cols { idx[r * m.cols + c] = codebook(row: r, col: c).encode(Double(m[r, c])) }
        }
        indices = idx
    }

    /// The dequantized matrix (every element replaced by its centroid).
    public func dequantized() -> Matrix {
        var out = Matrix(rows: rows, cols: cols)
        for r in 0..<rows {
            for c in 0..<cols { out[r, c] = Float(codebook(row: r, col: c).decode(indices[r * cols + c])) }
        }
        return out
    }
}

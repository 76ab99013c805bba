import BitVector
import KLLMGolden

/// One linear layer on `kllm_linear` tiles: the integer tables each tile is
/// loaded with (`LinearTables`, SPEC §5), fitted from the weights and the
/// calibration inputs as a `QuantScheme` says, and the bit-exact sums the
/// tiles produce. K is the layer's in-features, so every tile sees a whole
/// input vector and picks its outliers from all of it; the tiles differ only
/// in their rows (and, per tile, their weight codebook and formats). The host
/// turns y = s·acc into a float and adds the bias.
public struct QuantizedLinear: Sendable {
    /// One tile: its rows of the matrix and what it is loaded with.
    public struct Tile: Sendable {
        public let rows: Range<Int>
        /// Cw, Ca, thresholds, and the scales and weight indices of `rows`.
        public let tables: LinearTables
        public let weightFormat: FixedPointFormat, scaleFormat: FixedPointFormat
    }

    public let name: String
    public let geometry: QuantScheme.Geometry
    public let inFeatures: Int, outFeatures: Int
    public let dataFormat: FixedPointFormat
    public let activationCodebook: Codebook
    public let tiles: [Tile]
    /// The bias the host adds (the checkpoint's, minus the correction when the scheme asks).
    public internal(set) var bias: [Float]
    /// Cw value of every weight (rows × K), the stored scale and the real value of one unit of y per row.
    let decoded: [Int64], rowScale: [Int64], rowUnit: [Double]

    /// Fits the tables of `layer` on `calibration` (tokens × in-features, the inputs the layer sees).
    public init(_ layer: LinearLayer, scheme: QuantScheme, calibration x: Matrix) {
        let g = scheme.geometry(for: layer)
        let w = layer.weight
        (name, geometry, inFeatures, outFeatures) = (layer.name, g, w.cols, w.rows)
        bias = layer.bias ?? [Float](repeating: 0, count: w.rows)

        // Activations: one fixed-point format and one codebook for the layer input.
        let data = FixedPointFormat.fitting(x.data.map(Double.init), width: g.dataWidth)
        dataFormat = data
        var fitValues: [Double] = []
        fitValues.reserveCapacity(x.data.count)
        for t in 0..<x.rows {
            let row = x.row(t)
            let skip = scheme.activationFitSkipsOutliers ? Set(LinearModel.outlierPositions(row.map { data.quantize(Double($0)) }, topK: g.topK)) : []
            for (k, v) in row.enumerated() where !skip.contains(k) { fitValues.append(Double(v)) }
        }
        if fitValues.isEmpty { fitValues = x.data.map(Double.init) }
        activationCodebook = Codebook.fit(fitValues, bits: g.activationBits)
        let ca = activationCodebook.centroids.map(data.quantize), thresholds = activationCodebook.thresholds.map(data.quantize)

        // Weights: a scale per row, a codebook per matrix or per tile, indices.
        let scales = (0..<w.rows).map { r -> Double in
            let row = w.row(r).map(Double.init)
            let s = scheme.rowScale == .max ? (row.map(abs).max() ?? 0) : (row.reduce(0) { $0 + $1 * $1 } / Double(row.count)).squareRoot()
            return s > 0 ? s : 1
        }
        var sensitivity = [Double](repeating: 1, count: w.cols)
        if scheme.sensitivityWeighted && x.rows > 0 {
            for k in 0..<w.cols { sensitivity[k] = (0..<x.rows).reduce(0.0) { $0 + Double(x[$1, k]) * Double(x[$1, k]) } / Double(x.rows) + 1e-12 }
        }
        func codebook(_ rows: Range<Int>) -> Codebook {
            var values: [Double] = [], weights: [Double] = []
            for r in rows {
                for k in 0..<w.cols {
                    values.append(Double(w[r, k]) / scales[r])
                    weights.append(sensitivity[k] * scales[r] * scales[r])
                }
            }
            return scheme.sensitivityWeighted ? WeightedKMeans.fit(values, weights: weights, k: 1 << g.weightBits)
                                              : Codebook.fit(values, bits: g.weightBits)
        }
        let tileRanges = stride(from: 0, to: w.rows, by: g.tileRows).map { $0..<min(w.rows, $0 + g.tileRows) }
        let matrixBook = scheme.weightCodebook == .perMatrix ? codebook(0..<w.rows) : nil
        let books = matrixBook.map { [$0] } ?? tileRanges.map(codebook)
        let bookOf = (0..<w.rows).map { matrixBook == nil ? $0 / g.tileRows : 0 }
        let feedback = scheme.errorFeedback && x.rows > 0 ? ErrorFeedback.inverseHessianFactor(x) : nil
        var tiles: [Tile] = [], decoded = [Int64](repeating: 0, count: w.rows * w.cols)
        var rowScale = [Int64](repeating: 0, count: w.rows), rowUnit = [Double](repeating: 0, count: w.rows)
        for (t, rows) in tileRanges.enumerated() {
            let book = books[matrixBook == nil ? t : 0]
            let wf = FixedPointFormat.fitting(book.centroids, width: g.weightWidth)
            let sf = FixedPointFormat.fitting(rows.map { scales[$0] }, width: g.scaleWidth)
            let cw = book.centroids.map(wf.quantize)
            let indices = feedback.map { ErrorFeedback.indices(w, rows: rows, scales: scales, books: books, bookOf: bookOf, u: $0) }
                ?? rows.map { r in (0..<w.cols).map { book.encode(Double(w[r, $0]) / scales[r]) } }
            let tables = LinearTables(cw: cw, ca: ca, thresholds: thresholds, scales: rows.map { sf.quantize(scales[$0]) }, weights: indices)
            tiles.append(Tile(rows: rows, tables: tables, weightFormat: wf, scaleFormat: sf))
            let unit = FixedPointFormat(width: 64, fracBits: data.fracBits + wf.fracBits + sf.fracBits).real(1)
            for (i, r) in rows.enumerated() {
                for k in 0..<w.cols { decoded[r * w.cols + k] = cw[indices[i][k]] }
                (rowScale[r], rowUnit[r]) = (tables.scales[i], unit)
            }
        }
        self.tiles = tiles
        (self.decoded, self.rowScale, self.rowUnit) = (decoded, rowScale, rowUnit)
    }

    /// The DATA_W fixed-point input vectors of each token (saturated), as the tiles are fed.
    public func fixedInputs(_ x: Matrix) -> [[Int64]] {
        (0..<x.rows).map { t in x.row(t).map { dataFormat.quantize(Double($0)) } }
    }

    /// v of SPEC §5 step 3 for one input vector: x at the outliers, Ca[a] elsewhere.
    func effectiveInputs(_ x: [Int64]) -> [Int64] {
        let t = tiles[0].tables
        var v = x.map { t.ca[BlockModels.quantize($0, thresholds: t.thresholds)] }
        for p in LinearModel.outlierPositions(x, topK: geometry.topK) { v[p] = x[p] }
        return v
    }

    /// acc[token][row] of every tile (SPEC §5 step 4), wrapped to ACC_W: the same
    /// numbers as `LinearModel.run` on each tile, computed for all rows at once.
    public func accumulators(_ inputs: [[Int64]]) -> [[Int64]] {
        let (k, n, accWidth) = (inFeatures, outFeatures, geometry.accWidth)
        let v = inputs.flatMap(effectiveInputs)
        var acc = [Int64](repeating: 0, count: inputs.count * n)
        let tokens = inputs.count
        decoded.withUnsafeBufferPointer { db in
            v.withUnsafeBufferPointer { vb in
                acc.withUnsafeMutableBufferPointer { ab in
                    guard tokens > 0 else { return }
                    let (dp, vp, ap) = (SharedConstPointer(base: db.baseAddress!), SharedConstPointer(base: vb.baseAddress!), SharedPointer(base: ab.baseAddress!))
                    Parallel.rows(n) { rows in
                        for t in 0..<tokens {
                            for r in rows {
                                var sum: Int64 = 0
                                let wr = dp.base + r * k, vt = vp.base + t * k
                                for i in 0..<k { sum = sum &+ wr[i] &* vt[i] }   // modulo 2^64, so modulo 2^ACC_W
                                ap.base[t * n + r] = BitVector.wrapSigned(sum, width: accWidth)
                            }
                        }
                    }
                }
            }
        }
        return (0..<tokens).map { Array(acc[($0 * n)..<(($0 + 1) * n)]) }
    }

    /// The layer's output on the hardware path: y = s·acc of every tile as a float, plus the bias.
    public func run(_ x: Matrix) -> Matrix {
        let acc = accumulators(fixedInputs(x))
        var out = Matrix(rows: x.rows, cols: outFeatures)
        for t in 0..<x.rows {
            for r in 0..<outFeatures { out[t, r] = Float(Double(rowScale[r]) * Double(acc[t][r]) * rowUnit[r]) + bias[r] }
        }
        return out
    }

    /// The tables of `tile` as the RTL is loaded: N = tileRows rows, a last partial
    /// tile padded with copies of its first row (their outputs are ignored).
    public func paddedTables(_ tile: Int) -> LinearTables {
        var t = tiles[tile].tables
        while t.weights.count < geometry.tileRows { t.weights.append(t.weights[0]); t.scales.append(t.scales[0]) }
        return t
    }
}

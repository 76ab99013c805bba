import BitVector
import Foundation

/// The float-to-hardware path of a §5 `kllm_linear` layer, as the paper does it:
/// one K-Means weight codebook per matrix fitted on rows divided by their scale
/// (scale = the row's largest magnitude), one activation codebook calibrated
/// offline on calibration vectors, thresholds at the midpoints, the top-k largest
/// and smallest activations of each vector kept exact, and everything converted
/// to the stated fixed-point widths. `tables` and `inputs` are what the RTL is
/// loaded and fed with; `real` turns its integer output back into a float.
public struct HardwareLinear: Sendable {
    /// Widths and counts of the hardware.
    public struct Shape: Sendable {
        public var weightBits = 4, activationBits = 4, dataWidth = 8, weightWidth = 8, scaleWidth = 8, accWidth = 32, topK = 2
        public init() {}
    }

    public let shape: Shape
    public let weightCodebook: Codebook
    public let activationCodebook: Codebook
    /// Per-row scales (float).
    public let scales: [Double]
    /// Fixed-point formats of x (and Ca, thresholds), Cw and s.
    public let dataFormat: FixedPointFormat, weightFormat: FixedPointFormat, scaleFormat: FixedPointFormat
    /// The integer tables of the whole matrix (every row).
    public let tables: LinearTables
    /// How often each activation index occurs in the calibration data.
    public let activationCounts: [Int]

    /// Quantizes `weights` (out × in) with activations calibrated on `calibration` (tokens × in).
    public init(weights w: Matrix, calibration: Matrix, shape: Shape) {
        self.shape = shape
        let rowScales = (0..<w.rows).map { r -> Double in
            let m = Double(w.row(r).map(abs).max() ?? 0)
            return m > 0 ? m : 1
        }
        scales = rowScales
        var normalized: [Double] = []
        normalized.reserveCapacity(w.rows * w.cols)
        for r in 0..<w.rows { for c in 0..<w.cols { normalized.append(Double(w[r, c]) / rowScales[r]) } }
        weightCodebook = Codebook.fit(normalized, bits: shape.weightBits)
        activationCodebook = Codebook.fit(calibration.data.map(Double.init), bits: shape.activationBits)
        activationCounts = calibration.data.reduce(into: [Int](repeating: 0, count: activationCodebook.count)) { [activationCodebook] counts, x in
            counts[activationCodebook.encode(Double(x))] += 1
        }
        dataFormat = .fitting(calibration.data.map(Double.init) + activationCodebook.centroids, width: shape.dataWidth)
        weightFormat = .fitting(weightCodebook.centroids, width: shape.weightWidth)
        scaleFormat = .fitting(rowScales, width: shape.scaleWidth)
        let cb = weightCodebook
        tables = LinearTables(cw: cb.centroids.map(weightFormat.quantize),
                              ca: activationCodebook.centroids.map(dataFormat.quantize),
                              thresholds: activationCodebook.thresholds.map(dataFormat.quantize),
                              scales: rowScales.map(scaleFormat.quantize),
                              weights: (0..<w.rows).map { r in (0..<w.cols).map { cb.encode(normalized[r * w.cols + $0]) } })
    }

    /// The fixed-point inputs of each token (saturated to DATA_W).
    public func inputs(_ x: Matrix) -> [[Int64]] {
        (0..<x.rows).map { t in x.row(t).map { dataFormat.quantize(Double($0)) } }
    }

    /// The real value of an output integer y = s * acc.
    public func real(_ y: BitVector) -> Double {
        let exponent = dataFormat.fracBits + weightFormat.fracBits + scaleFormat.fracBits
        let value = y.width <= 64 ? Double(y.signedValue) : signedDouble(y)
        return value * FixedPointFormat.pow2(-exponent)
    }

    private func signedDouble(_ y: BitVector) -> Double {
        let negative = y.signBit
        let magnitude = negative ? y.negated() : y
        return (negative ? -1 : 1) * magnitude.words.enumerated().reduce(0.0) { $0 + Double($1.element) * pow(2, Double(64 * $1.offset)) }
    }

    /// The bit-exact outputs (every row) for each token, as the RTL computes them.
    public func run(_ x: Matrix) -> [[BitVector]] {
        inputs(x).map { LinearModel.run($0, tables, topK: shape.topK, accWidth: shape.accWidth, scaleWidth: shape.scaleWidth).y }
    }

    /// What each step of the path costs: y = x W^T through the float stages and the
    /// hardware integers, each as NMSE and cosine against FP32, next to uniform
    /// INT-b W/A (per-row, per-token scales) and per-channel K-Means W/A.
    public func study(weights w: Matrix, inputs x: Matrix, calibration: Matrix) -> [EvalRow] {
        let reference = Matrix.linear(x, w)
        func row(_ method: String, _ bits: String, _ y: Matrix) -> EvalRow {
            EvalRow(method: method, bits: bits, layer: "y", nmse: Metrics.nmse(y.data, reference.data), cosine: Metrics.cosine(y.data, reference.data))
        }
        let b = "W\(shape.weightBits)A\(shape.activationBits)"
        var wq = Matrix(rows: w.rows, cols: w.cols)
        for r in 0..<w.rows {
            for c in 0..<w.cols { wq[r, c] = Float(weightCodebook.decode(tables.weights[r][c]) * scales[r]) }
        }
        let ca = activationCodebook
        let xq = x.map { Float(ca.decode(ca.encode(Double($0)))) }
        var xo = xq
        for (t, fixed) in inputs(x).enumerated() {   // the outliers the hardware picks, from its own inputs
            for p in LinearModel.outlierPositions(fixed, topK: shape.topK) { xo[t, p] = x[t, p] }
        }
        let hardware = run(x)
        var yh = Matrix(rows: x.rows, cols: w.rows)
        for t in 0..<x.rows { for r in 0..<w.rows { yh[t, r] = Float(real(hardware[t][r])) } }
        let uniformW = UniformQuantized(w, bits: shape.weightBits).dequantized()
        let uniformX = UniformQuantized(x, bits: shape.activationBits).dequantized()
        let perChannelW = KMeansQuantized(w, bits: shape.weightBits, granularity: .perChannel).dequantized()
        let perTensorX = KMeansQuantized(x, bits: shape.activationBits, granularity: .perTensor).dequantized()
        return [
            row("K-Means weights (per matrix + row scale), FP32 activations", "W\(shape.weightBits)", Matrix.linear(x, wq)),
            row("+ K-Means activations (calibrated)", b, Matrix.linear(xq, wq)),
            row("+ top-\(shape.topK) outliers exact", b, Matrix.linear(xo, wq)),
            row("+ fixed point (the RTL, bit-exact)", b, yh),
            row("uniform INT W/A (per row, per token)", b, Matrix.linear(uniformX, uniformW)),
            row("per-channel K-Means W, per-tensor K-Means A", b, Matrix.linear(perTensorX, perChannelW)),
        ]
    }
}

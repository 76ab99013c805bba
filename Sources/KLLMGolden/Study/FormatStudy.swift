import Foundation

/// The accuracy of every number format of the area table (`bench/ppa-table.sh`)
/// on one real weight matrix, so that each datapath's area reads next to what its
/// format costs: y = x W^T against FP32, as NMSE and cosine.
extension HardwareLinear {
    /// Uniform INT4 and INT8 (the MAC-array baselines), the FP16 dequant-MAC path
    /// (this layer's K-Means weight codebook held in FP16, FP16 activations, each
    /// product exact in FP32, sums rounded to FP32 in beat order, the row scale
    /// applied after), and the K-Means index path with its top-k outliers exact
    /// through a product table T = Cw·Ca rounded to each of `tableWidths` bits, once with
    /// the step calibrated on index occupancy (`CalibratedProductTable`) and once with the
    /// table's largest magnitude at 2^(LUT_W-1) - 1.
    public func formatStudy(weights w: Matrix, inputs x: Matrix, tableWidths: [Int]) -> [EvalRow] {
        let reference = Matrix.linear(x, w)
        func row(_ method: String, _ bits: String, _ y: Matrix) -> EvalRow {
            EvalRow(method: method, bits: bits, layer: "y", nmse: Metrics.nmse(y.data, reference.data), cosine: Metrics.cosine(y.data, reference.data))
        }
        var rows: [EvalRow] = []
        for bits in [4, 8] {
            let uniform = Matrix.linear(UniformQuantized(x, bits: bits).dequantized(), UniformQuantized(w, bits: bits).dequantized())
            rows.append(row("uniform INT\(bits) MAC (per row / per token scale)", "W\(bits)A\(bits)", uniform))
        }
        rows.append(row("FP16 dequant MAC (K-Means W codebook in FP16, FP32 accumulate)", "W\(shape.weightBits)A16", fp16DequantLinear(x)))
        for width in tableWidths {
            rows.append(row("K-Means index, top-\(shape.topK) outliers exact, LUT_W \(width)", "W\(shape.weightBits)A\(shape.activationBits)",
                            indexLinear(x, tableWidth: width)))
            rows.append(row("K-Means index, top-\(shape.topK) outliers exact, LUT_W \(width), largest-magnitude step", "W\(shape.weightBits)A\(shape.activationBits)",
                            indexLinear(x, tableWidth: width, occupancyWeighted: false)))
        }
        return rows
    }

    /// What an FP16 dequant-MAC array computes (then scaled per row in FP32).
    public func fp16DequantLinear(_ x: Matrix) -> Matrix {
        let cw = weightCodebook.centroids.map { Float(Float16(Float($0))) }
        var y = Matrix(rows: x.rows, cols: tables.weights.count)
        for t in 0..<x.rows {
            let a = x.row(t).map { Float(Float16($0)) }
            for (r, indices) in tables.weights.enumerated() {
                var acc: Float = 0
                for (k, idx) in indices.enumerated() { acc += cw[idx] * a[k] }
                y[t, r] = acc * Float(scales[r])
            }
        }
        return y
    }

    /// The index path in floating point with the product table rounded to `tableWidth` bits
    /// (0: unrounded) with a step calibrated on how often each weight index (this matrix)
    /// and activation index (the calibration tokens) occur, or with the largest product at
    /// the top of the range; outliers add (x_p - Ca[a_p])·Cw[w_p] exactly.
    public func indexLinear(_ x: Matrix, tableWidth: Int, occupancyWeighted: Bool = true) -> Matrix {
        let cw = weightCodebook.centroids, ca = activationCodebook.centroids
        let table: [Double]
        if tableWidth > 0 {
            let weightCounts = tables.weights.reduce(into: [Int](repeating: 0, count: cw.count)) { counts, row in row.forEach { counts[$0] += 1 } }
            let rounded = occupancyWeighted
                ? CalibratedProductTable(cw: cw, ca: ca, width: tableWidth, weightCounts: weightCounts, activationCounts: activationCounts)
                : CalibratedProductTable(cw: cw, ca: ca, width: tableWidth, largestStep: true)
            table = rounded.values
        } else {
            table = cw.flatMap { c in ca.map { c * $0 } }
        }
        let aBits = shape.activationBits
        var y = Matrix(rows: x.rows, cols: tables.weights.count)
        for t in 0..<x.rows {
            let xt = x.row(t)
            let a = xt.map { activationCodebook.encode(Double($0)) }
            let outliers = OutlierCompensation.outlierPositions(xt, k: shape.topK)
            for (r, indices) in tables.weights.enumerated() {
                var acc = 0.0
                for (k, idx) in indices.enumerated() { acc += table[idx << aBits | a[k]] }
                for p in outliers { acc += (Double(xt[p]) - ca[a[p]]) * cw[indices[p]] }
                y[t, r] = Float(acc * scales[r])
            }
        }
        return y
    }
}

import KLLMGolden

/// GPTQ-style error feedback with a codebook: the columns of a weight matrix
/// are quantized in order, and each column's rounding error is spread over the
/// columns not yet quantized through the inverse Hessian H⁻¹ of the layer's
/// inputs (H = XᵀX/n, damped), so the rows' outputs on the calibration inputs
/// stay close to FP32 although each weight moves to a centroid.
enum ErrorFeedback {
    /// Upper-triangular U with H⁻¹ = UᵀU, for H = XᵀX/n + λ·mean(diag)·I (row-major K×K).
    static func inverseHessianFactor(_ x: Matrix, damping: Double = 0.01) -> [Double] {
        let (n, k) = (x.rows, x.cols)
        var h = [Double](repeating: 0, count: k * k)
        let xd = x.data.map(Double.init)
        h.withUnsafeMutableBufferPointer { hb in
            let hp = SharedPointer(base: hb.baseAddress!)
            xd.withUnsafeBufferPointer { xb in
                let xp = SharedConstPointer(base: xb.baseAddress!)
                Parallel.rows(k) { rows in
                    for i in rows {
                        for t in 0..<n {
                            let xi = xp.base[t * k + i]
                            if xi == 0 { continue }
                            let row = xp.base + t * k
                            for j in 0...i { hp.base[i * k + j] += xi * row[j] }
                        }
                    }
                }
            }
        }
        var mean = 0.0
        for i in 0..<k { mean += h[i * k + i] / Double(max(n, 1)) }
        mean /= Double(k)
        let lambda = damping * (mean > 0 ? mean : 1)
        for i in 0..<k {
            for j in 0...i { h[i * k + j] /= Double(max(n, 1)) }
            h[i * k + i] += lambda
            for j in 0..<i { h[j * k + i] = h[i * k + j] }
        }
        let l = cholesky(h, k)                 // H = L Lᵀ
        let li = invertLower(l, k)             // L⁻¹
        var hinv = [Double](repeating: 0, count: k * k)   // H⁻¹ = L⁻ᵀ L⁻¹
        li.withUnsafeBufferPointer { lb in
            hinv.withUnsafeMutableBufferPointer { ob in
                let (lp, op) = (SharedConstPointer(base: lb.baseAddress!), SharedPointer(base: ob.baseAddress!))
                Parallel.rows(k) { rows in
                    for i in rows {
                        for j in 0..<k {
                            var s = 0.0
                            for m in max(i, j)..<k { s += lp.base[m * k + i] * lp.base[m * k + j] }
                            op.base[i * k + j] = s
                        }
                    }
                }
            }
        }
        let c = cholesky(hinv, k)              // H⁻¹ = C Cᵀ, so U = Cᵀ
        var u = [Double](repeating: 0, count: k * k)
        for i in 0..<k { for j in i..<k { u[i * k + j] = c[j * k + i] } }
        return u
    }

    /// Lower Cholesky factor of a symmetric positive definite K×K matrix (a tiny
    /// pivot is lifted, so a rank-deficient H still factors).
    static func cholesky(_ a: [Double], _ k: Int) -> [Double] {
        var l = [Double](repeating: 0, count: k * k)
        for j in 0..<k {
            var d = a[j * k + j]
            for m in 0..<j { d -= l[j * k + m] * l[j * k + m] }
            let pivot = max(d, 1e-12 * max(abs(a[j * k + j]), 1e-30)).squareRoot()
            l[j * k + j] = pivot
            for i in (j + 1)..<max(k, j + 1) {
                var s = a[i * k + j]
                for m in 0..<j { s -= l[i * k + m] * l[j * k + m] }
                l[i * k + j] = s / pivot
            }
        }
        return l
    }

    /// The inverse of a lower-triangular matrix (forward substitution per column).
    static func invertLower(_ l: [Double], _ k: Int) -> [Double] {
        var inv = [Double](repeating: 0, count: k * k)
        for j in 0..<k {
            inv[j * k + j] = 1 / l[j * k + j]
            for i in (j + 1)..<max(k, j + 1) {
                var s = 0.0
                for m in j..<i { s -= l[i * k + m] * inv[m * k + j] }
                inv[i * k + j] = s / l[i * k + i]
            }
        }
        return inv
    }

    /// Indices of every weight of `rows`: row r's values are divided by `scales[r]`
    /// and encoded with `books[bookOf[r]]`, column by column with error feedback through `u`.
    static func indices(_ w: Matrix, rows: Range<Int>, scales: [Double], books: [Codebook], bookOf: [Int], u: [Double]) -> [[Int]] {
        let k = w.cols
        var out = [Int](repeating: 0, count: rows.count * k)
        out.withUnsafeMutableBufferPointer { ob in
            let op = SharedPointer(base: ob.baseAddress!)
            u.withUnsafeBufferPointer { ub in
                let up = SharedConstPointer(base: ub.baseAddress!)
                Parallel.rows(rows.count) { local in
                    var work = [Double](repeating: 0, count: k)
                    for i in local {
                        let r = rows.lowerBound + i
                        let (book, s) = (books[bookOf[r]], scales[r])
                        for c in 0..<k { work[c] = Double(w[r, c]) }
                        for j in 0..<k {
                            let idx = book.encode(work[j] / s)
                            op.base[i * k + j] = idx
                            let err = (work[j] - s * book.decode(idx)) / up.base[j * k + j]
                            if err == 0 { continue }
                            let urow = up.base + j * k
                            for c in (j + 1)..<k { work[c] -= err * urow[c] }
                        }
                    }
                }
            }
        }
        return (0..<rows.count).map { Array(out[($0 * k)..<(($0 + 1) * k)]) }
    }
}

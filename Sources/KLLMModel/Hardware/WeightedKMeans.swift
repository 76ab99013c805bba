import KLLMGolden

/// K-Means of weighted scalars: the exact unweighted fit (KMeans1D) as the start,
/// then Lloyd steps that minimise Σ weight · (value − centroid)².
enum WeightedKMeans {
    static func fit(_ values: [Double], weights: [Double], k: Int, iterations: Int = 25) -> Codebook {
        var book = Codebook(centroids: KMeans1D.optimal(values, k: k).centroids)
        for _ in 0..<iterations {
            var sum = [Double](repeating: 0, count: k), mass = [Double](repeating: 0, count: k)
            for (v, w) in zip(values, weights) {
                let j = book.encode(v)
                sum[j] += w * v
                mass[j] += w
            }
            let next = Codebook(centroids: (0..<k).map { mass[$0] > 0 ? sum[$0] / mass[$0] : book.centroids[$0] })
            if next == book { break }
            book = next
        }
        return book
    }
}

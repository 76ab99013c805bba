/// How every linear layer of a model is put on `kllm_linear` tiles: index
/// widths, outliers, fixed point, tile size, and how the tables are fitted.
/// Each field is one decision whose cost the model report measures.
public struct QuantScheme: Sendable, CustomStringConvertible {
    /// One weight codebook for the whole matrix (the paper) or one per tile of
    /// `tileRows` rows (the tile reloads its tables anyway).
    public enum WeightCodebook: String, Sendable { case perMatrix = "per-matrix", perTile = "per-tile" }
    /// Each row is divided by its largest magnitude or by its RMS before the fit.
    public enum RowScale: String, Sendable { case max, rms }
    /// Which layer inputs the activation codebooks are fitted on: the FP32 model's,
    /// or what the hardware path itself feeds each layer (calibrated in order).
    public enum Calibration: String, Sendable { case fp32, sequential }

    /// Index widths and outliers of some layers (by role, and by block when given).
    public struct LayerRule: Sendable {
        public var roles: Set<LinearRole>
        public var blocks: Set<Int>?
        public var weightBits: Int?, activationBits: Int?, topK: Int?
        public init(roles: Set<LinearRole>, blocks: Set<Int>? = nil, weightBits: Int? = nil, activationBits: Int? = nil, topK: Int? = nil) {
            (self.roles, self.blocks, self.weightBits, self.activationBits, self.topK) = (roles, blocks, weightBits, activationBits, topK)
        }
    }

    /// The `kllm_linear` parameters of one layer.
    public struct Geometry: Sendable, Equatable {
        public var weightBits: Int, activationBits: Int, topK: Int
        public var dataWidth: Int, weightWidth: Int, scaleWidth: Int, accWidth: Int
        public var tileRows: Int, lanes: Int
    }

    public var name: String
    public var weightBits = 4, activationBits = 4, topK = 2
    public var rules: [LayerRule] = []
    /// DATA_W (inputs, Ca, thresholds), CW_W, S_W, ACC_W.
    public var dataWidth = 8, weightWidth = 8, scaleWidth = 8, accWidth = 32
    /// N (rows per tile) and LANES of the tile; K is always the layer's in-features.
    public var tileRows = 16, lanes = 8
    public var weightCodebook = WeightCodebook.perMatrix
    public var rowScale = RowScale.max
    /// Fit the weight codebook weighted by each input channel's mean square on the
    /// calibration text (the output error a weight error causes), not plain K-Means.
    public var sensitivityWeighted = false
    /// Choose the weight indices with GPTQ-style error feedback through the inverse
    /// Hessian of the calibration inputs (the codebooks stay as fitted).
    public var errorFeedback = false
    /// Fit the activation codebook on the values it stands for (each token's
    /// outliers, which are kept exact, left out).
    public var activationFitSkipsOutliers = false
    public var calibration = Calibration.fp32
    /// Subtract the mean output error on the calibration text from the bias.
    public var biasCorrection = false
    /// GELU in the index domain (kllm_lut_map): the up projection's output quantized
    /// to a codebook of 2^bits calibrated values, GELU read from a table of OUT_W = 16 bits.
    /// Nil: GELU in float on the host.
    public var geluIndexBits: Int? = nil

    public init(name: String) { self.name = name }

    /// The parameters of `layer`'s tiles.
    public func geometry(for layer: LinearLayer) -> Geometry {
        var g = Geometry(weightBits: weightBits, activationBits: activationBits, topK: topK, dataWidth: dataWidth, weightWidth: weightWidth,
                         scaleWidth: scaleWidth, accWidth: accWidth, tileRows: tileRows, lanes: lanes)
        for r in rules where r.roles.contains(layer.role) && (r.blocks?.contains(layer.block) ?? true) {
            if let b = r.weightBits { g.weightBits = b }
            if let b = r.activationBits { g.activationBits = b }
            if let k = r.topK { g.topK = k }
        }
        g.tileRows = min(tileRows, layer.weight.rows)
        return g
    }

    public var description: String {
        var parts = ["W\(weightBits)A\(activationBits) top-\(topK)", "\(weightCodebook.rawValue) codebook", "row scale \(rowScale.rawValue)",
                     "DATA_W \(dataWidth) CW_W \(weightWidth) S_W \(scaleWidth) ACC_W \(accWidth)", "N \(tileRows)",
                     "\(calibration.rawValue) calibration"]
        if sensitivityWeighted { parts.append("sensitivity-weighted fit") }
        if errorFeedback { parts.append("GPTQ error feedback") }
        if activationFitSkipsOutliers { parts.append("activation fit without outliers") }
        if biasCorrection { parts.append("bias correction") }
        if let g = geluIndexBits { parts.append("GELU via \(g)-bit LUT") }
        for r in rules {
            let roles = r.roles.map(\.rawValue).sorted().joined(separator: "+")
            let blocks = r.blocks.map { " blocks \($0.sorted().map(String.init).joined(separator: ","))" } ?? ""
            var what: [String] = []
            if let b = r.weightBits { what.append("W\(b)") }
            if let b = r.activationBits { what.append("A\(b)") }
            if let k = r.topK { what.append("top-\(k)") }
            parts.append("\(roles)\(blocks): \(what.joined(separator: " "))")
        }
        return parts.joined(separator: ", ")
    }
}

import KLLMGolden

/// Every linear layer of a forward on `kllm_linear` tiles (`QuantizedLinear`),
/// with nonlinear steps in float on the host except where the scheme puts GELU
/// in the index domain. Calibrate first (`calibrate`), then run any text.
public struct HardwarePath: LinearPath {
    public let scheme: QuantScheme
    /// The fitted layers by checkpoint name.
    public private(set) var layers: [String: QuantizedLinear] = [:]
    /// The fitted index-domain GELU tables by the name of the up projection.
    public private(set) var geluTables: [String: IndexGelu] = [:]
    /// Layers whose fixed-point inputs are kept (for running their tiles on the RTL).
    public var recordInputsOf: Set<String> = []
    /// At most this many tokens of input are kept per recorded layer.
    public var recordTokens = 64
    public private(set) var recordedInputs: [String: [[Int64]]] = [:]
    /// Set while calibrating in order: a layer not yet fitted is fitted on what it is fed.
    var fitting = false

    public init(scheme: QuantScheme) { self.scheme = scheme }

    /// A layer that was never calibrated.
    public struct NotCalibrated: Error, CustomStringConvertible { public let description: String }

    /// Fits every layer on the calibration sequences: on the FP32 model's inputs of
    /// each layer, or (sequential) on what the partly quantized path itself feeds it.
    public mutating func calibrate(_ model: Transformer, sequences: [[Int]]) throws {
        switch scheme.calibration {
        case .fp32:
            var recorder = RecordingPath()
            _ = try model.hiddenStates(sequences, path: &recorder)
            for block in model.weights.blocks {
                for layer in block.linears { try fit(layer, recorder.inputs[layer.name]!) }
                if let gelu = scheme.geluIndexBits, let y = recorder.geluInputs[block.up.name] {
                    geluTables[block.up.name] = IndexGelu(calibration: y, bits: gelu)
                }
            }
        case .sequential:
            fitting = true
            defer { fitting = false }
            _ = try model.hiddenStates(sequences, path: &self)
        }
    }

    mutating func fit(_ layer: LinearLayer, _ x: Matrix) throws {
        var q = QuantizedLinear(layer, scheme: scheme, calibration: x)
        if scheme.biasCorrection && x.rows > 0 {
            let drift = q.run(x).zip(Kernels.linear(x, layer.weight, bias: layer.bias), -)
            for r in 0..<q.outFeatures { q.bias[r] -= (0..<x.rows).reduce(0) { $0 + drift[$1, r] } / Float(x.rows) }
        }
        layers[layer.name] = q
    }

    public mutating func apply(_ layer: LinearLayer, to x: Matrix) throws -> Matrix {
        if layers[layer.name] == nil {
            guard fitting else { throw NotCalibrated(description: "layer \(layer.name) was not calibrated") }
            try fit(layer, x)
        }
        let q = layers[layer.name]!
        if recordInputsOf.contains(layer.name) {
            let have = recordedInputs[layer.name]?.count ?? 0
            if have < recordTokens {
                recordedInputs[layer.name, default: []] += q.fixedInputs(x).prefix(recordTokens - have)
            }
        }
        return q.run(x)
    }

    public mutating func gelu(after layer: LinearLayer, _ y: Matrix) throws -> Matrix {
        guard let bits = scheme.geluIndexBits else { return y.map(Kernels.gelu) }
        if geluTables[layer.name] == nil {
            guard fitting else { throw NotCalibrated(description: "the GELU table after \(layer.name) was not calibrated") }
            geluTables[layer.name] = IndexGelu(calibration: y, bits: bits)
        }
        return geluTables[layer.name]!.apply(y)
    }
}

/// GELU in the index domain, as `kllm_lut_map` does it: the value is quantized to
/// a codebook calibrated on GELU's inputs, and GELU of that centroid is read from
/// a table of 16-bit fixed-point entries.
public struct IndexGelu: Sendable {
    public let codebook: Codebook
    public let format: FixedPointFormat
    public let table: [Int64]

    public init(calibration y: Matrix, bits: Int) {
        codebook = Codebook.fit(y.data.map(Double.init), bits: bits)
        let values = codebook.centroids.map { Double(Kernels.gelu(Float($0))) }
        format = FixedPointFormat.fitting(values, width: 16)
        table = values.map(format.quantize)
    }

    public func apply(_ y: Matrix) -> Matrix { y.map { Float(format.real(table[codebook.encode(Double($0))])) } }
}

/// FP32 linear layers that keep every layer's input (and GELU's), for calibration.
public struct RecordingPath: LinearPath {
    public private(set) var inputs: [String: Matrix] = [:]
    public private(set) var geluInputs: [String: Matrix] = [:]
    public init() {}
    public mutating func apply(_ layer: LinearLayer, to x: Matrix) throws -> Matrix {
        inputs[layer.name] = x
        return Kernels.linear(x, layer.weight, bias: layer.bias)
    }
    public mutating func gelu(after layer: LinearLayer, _ y: Matrix) throws -> Matrix {
        geluInputs[layer.name] = y
        return y.map(Kernels.gelu)
    }
}

/// The uniform INT baseline in float: weights symmetric per output row, inputs
/// symmetric per token, each at its own bit width (W4A4, W4A8, W8A8, ...).
public struct UniformPath: LinearPath {
    public let weightBits: Int, activationBits: Int
    var weights: [String: Matrix] = [:]
    public init(weightBits: Int, activationBits: Int) { (self.weightBits, self.activationBits) = (weightBits, activationBits) }
    public mutating func apply(_ layer: LinearLayer, to x: Matrix) throws -> Matrix {
        if weights[layer.name] == nil { weights[layer.name] = UniformQuantized(layer.weight, bits: weightBits).dequantized() }
        return Kernels.linear(UniformQuantized(x, bits: activationBits).dequantized(), weights[layer.name]!, bias: layer.bias)
    }
}

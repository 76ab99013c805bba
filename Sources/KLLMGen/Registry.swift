import HDL
@_exported import HDLGen
import HDLExamples

/// Every top `kllm-gen` knows, in output order: the KLLM blocks, then the examples.
/// A new block adds its `BlockSpec` here.
public enum Registry {
    /// The KLLM blocks of SPEC.md.
    public static let blocks: [BlockSpec] = [
        IndexMatMulSpec.block, QuantizerSpec.block, OrizuruSpec.block, LutMapSpec.block, LutReduceSpec.block, LinearSpec.block,
        LinearAXISpec.block,
    ]

    /// Baselines the blocks are measured against (not in the default RTL).
    public static let baselines: [BlockSpec] = [MACArraySpec.block, FP16DequantArraySpec.block]

    /// All tops: the KLLM blocks, the baselines, then the examples.
    public static let all: [BlockSpec] = blocks + baselines + ExampleSpecs.all

    /// The top named `name`, or a usage error listing the known ones.
    public static func spec(_ name: String) throws -> BlockSpec {
        guard let s = all.first(where: { $0.name == name }) else {
            throw CLIUsageError("unknown top '\(name)'; known tops: \(all.map(\.name).joined(separator: ", "))")
        }
        return s
    }

    /// Names of the tops with vector files, for messages.
    static var withVectors: String { all.filter(\.hasVectors).map(\.name).joined(separator: ", ") }
}

extension BlockSpec {
    /// The vector codec for `values`, or a usage error naming the tops that have one.
    public func vectorCodec(_ values: ParameterValues) throws -> any VectorCodec {
        guard let codec = try vectorCodecIfAny(values) else {
            throw CLIUsageError("'\(name)' has no vector files; tops with vectors: \(Registry.withVectors)")
        }
        return codec
    }
}

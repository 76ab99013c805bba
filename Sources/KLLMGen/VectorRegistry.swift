import Foundation
import KLLMGolden

/// `kllm-gen vectors`: stimulus and expected-output files from the golden models
/// for the Icarus testbenches. Layouts are documented in the README.
public enum VectorRegistry {
    /// Vector files for `top` with `parameters` (defaults filled in), or a usage error.
    public static func vectors(top: String, parameters overrides: [String: String], seed: UInt64, count: Int) throws -> VectorSet {
        guard count >= 1 else { throw CLIUsageError("--count must be at least 1 (got \(count))") }
        let gen = try Registry.generator(top)
        _ = try gen.build(overrides)  // validates names and values
        let p = try gen.resolve(overrides)
        switch top {
        case "signed_mac":
            return ExampleVectors.signedMAC(aWidth: p["A_W"]!, bWidth: p["B_W"]!, accWidth: p["ACC_W"]!, seed: seed, count: count)
        default:
            throw CLIUsageError("no vector generator for '\(top)'; tops with vectors: \(supported.joined(separator: ", "))")
        }
    }

    /// Tops `vectors` can write.
    public static var supported: [String] { ["signed_mac"] }
}

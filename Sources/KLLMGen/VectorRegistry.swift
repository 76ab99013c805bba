import Foundation
import KLLMGolden

/// `kllm-gen vectors`: stimulus and expected-output files from the golden models
/// for the Icarus testbenches. Layouts are documented in the README.
public enum VectorRegistry {
    /// Vector files for `top` with `parameters` (defaults filled in), or a usage error.
    public static func vectors(top: String, parameters overrides: [String: String], seed: UInt64, count: Int) throws -> VectorSet {
        guard count >= 1 else { throw CLIUsageError("--count must be at least 1 (got \(count))") }
        let gen = try Registry.generator(top)
        let p = try gen.checkedParameters(overrides)
        switch top {
        case "kllm_lut_map":
            return BlockVectors.lutMap(lanes: p["LANES"]!, indexBits: p["IBITS"]!, outWidth: p["OUT_W"]!, seed: seed, count: count)
        case "kllm_quantizer":
            return BlockVectors.quantizer(lanes: p["LANES"]!, dataWidth: p["DATA_W"]!, indexBits: p["IBITS"]!, seed: seed, count: count)
        case "kllm_lut_reduce":
            return BlockVectors.lutReduce(lanes: p["LANES"]!, indexBits: p["IBITS"]!, valueWidth: p["VAL_W"]!, accWidth: p["ACC_W"]!,
                                          seed: seed, count: count)
        case "kllm_orizuru":
            return BlockVectors.orizuru(lanes: p["LANES"]!, dataWidth: p["DATA_W"]!, topK: p["TOPK"]!, positionWidth: p["POS_W"]!,
                                        seed: seed, count: count)
        case "kllm_index_matmul":
            let rows = p["ROWS"]!
            return BlockVectors.indexMatMul(rows: rows, cols: p["COLS"]!, wbits: p["WBITS"]!, abits: p["ABITS"]!, lutWidth: p["LUT_W"]!,
                                            accWidth: p["ACC_W"]!, outRows: p["OUT_ROWS"]! == 0 ? rows : p["OUT_ROWS"]!,
                                            seed: seed, count: count)
        case "signed_mac":
            return ExampleVectors.signedMAC(aWidth: p["A_W"]!, bWidth: p["B_W"]!, accWidth: p["ACC_W"]!, seed: seed, count: count)
        default:
            throw CLIUsageError("no vector generator for '\(top)'; tops with vectors: \(supported.joined(separator: ", "))")
        }
    }

    /// Tops `vectors` can write.
    public static var supported: [String] { ["kllm_index_matmul", "kllm_quantizer", "kllm_orizuru", "kllm_lut_map", "kllm_lut_reduce", "signed_mac"] }
}

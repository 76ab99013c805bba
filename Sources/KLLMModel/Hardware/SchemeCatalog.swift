/// The schemes the model report compares, in order: the paper's scheme as the
/// project first had it, then one change at a time (each step keeps every
/// change before it), ending with the scheme the hardware path uses by default.
public enum SchemeCatalog {
    /// Each step: its name and the settings (`QuantScheme.set`) it adds to the step before.
    public static let steps: [(name: String, settings: [String])] = [
        ("paper", []),
        ("+ 16-bit fixed point", ["DATA_W=16", "CW_W=16", "S_W=16", "ACC_W=48"]),
        ("+ per-tile weight codebook", ["codebook=per-tile"]),
        ("+ RMS row scale", ["scale=rms"]),
        ("+ sensitivity-weighted codebook", ["sensitivity=on"]),
        ("+ activation fit without outliers", ["skip-outliers=on"]),
        ("+ top-8 outliers", ["TOPK=8"]),
        ("+ bias correction", ["bias-correction=on"]),
        ("+ GPTQ error feedback", ["gptq=on"]),
        ("+ 5-bit activation indices", ["ABITS=5"]),
        ("+ 6-bit weight indices", ["WBITS=6"]),
    ]

    /// Alternatives measured against the final scheme and not kept (each changes only what it names).
    public static let variants: [(name: String, settings: [String])] = [
        ("final, sequential calibration", ["calibration=sequential"]),
        ("final, GELU through a 4-bit kllm_lut_map table", ["gelu=4"]),
        ("final, GELU through an 8-bit kllm_lut_map table", ["gelu=8"]),
        ("final, W5A6", ["WBITS=5", "ABITS=6"]),
        ("final, W4A4 (best 4-bit scheme) + top-16", ["WBITS=4", "ABITS=4", "TOPK=16"]),
    ]

    /// Every variant as a scheme.
    public static var variantSchemes: [QuantScheme] {
        variants.map { v in
            var s = final
            s.name = v.name
            for setting in v.settings { try! s.set(setting) }   // the catalogue's own settings always parse (tested)
            return s
        }
    }

    /// Every step as a scheme.
    public static let all: [QuantScheme] = {
        var out: [QuantScheme] = []
        var s = QuantScheme(name: "paper")
        for step in steps {
            s.name = step.name
            for setting in step.settings { try! s.set(setting) }   // the catalogue's own settings always parse (tested)
            out.append(s)
        }
        return out
    }()

    /// The scheme the hardware path uses unless told otherwise: the last step.
    public static var final: QuantScheme {
        var s = all[all.count - 1]
        s.name = "final"
        return s
    }

    public static var names: [String] { ["paper", "final"] + all.dropFirst().map(\.name) }

    /// The scheme called `name` ("paper", "final" or a step's name).
    public static func named(_ name: String) throws -> QuantScheme {
        if name == "final" { return final }
        guard let s = all.first(where: { $0.name == name }) else {
            throw QuantScheme.SettingError(description: "unknown scheme '\(name)' (known: \(names.joined(separator: ", ")))")
        }
        return s
    }
}

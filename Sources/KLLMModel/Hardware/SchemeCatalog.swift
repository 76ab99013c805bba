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
        ("+ sequential calibration", ["calibration=sequential"]),
        ("+ bias correction", ["bias-correction=on"]),
    ]

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

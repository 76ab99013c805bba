/// Named schemes and `KEY=VALUE` settings on top of them (the CLI's `--scheme` and `--set`).
extension QuantScheme {
    /// A setting that does not parse or is out of range; says which and why.
    public struct SettingError: Error, Sendable, CustomStringConvertible { public let description: String }

    /// The keys `set` takes, with what they mean.
    public static let settingKeys: [(key: String, help: String)] = [
        ("WBITS", "weight index width 1..8"), ("ABITS", "activation index width 1..8"), ("TOPK", "outliers per side 0..64"),
        ("DATA_W", "input/Ca/threshold width 2..32"), ("CW_W", "weight centroid width 2..32"), ("S_W", "row scale width 2..32"),
        ("ACC_W", "sum width up to 64"), ("N", "rows per tile"), ("LANES", "input elements per beat"),
        ("codebook", "per-matrix | per-tile"), ("scale", "max | rms"), ("calibration", "fp32 | sequential"),
        ("sensitivity", "on | off: weight codebook fitted weighted by input mean squares"),
        ("gptq", "on | off: weight indices chosen with error feedback through the inverse Hessian of the calibration inputs"),
        ("skip-outliers", "on | off: activation codebook fitted without each token's outliers"),
        ("bias-correction", "on | off"), ("gelu", "float | index bits 1..8 (GELU through a kllm_lut_map table)"),
        ("rule", "ROLE[+ROLE...][@BLOCK[,BLOCK...]]:W<b>|A<b>|K<k>[,...] (roles: query key value attention-output gate up down)"),
    ]

    /// Applies one `KEY=VALUE` setting.
    public mutating func set(_ assignment: String) throws {
        let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw SettingError(description: "setting '\(assignment)' is not KEY=VALUE") }
        let (key, value) = (parts[0], parts[1])
        func int(_ range: ClosedRange<Int>) throws -> Int {
            guard let v = Int(value), range.contains(v) else { throw SettingError(description: "setting \(key)=\(value): expected an integer in \(range)") }
            return v
        }
        func flag() throws -> Bool {
            switch value { case "on": return true; case "off": return false
            default: throw SettingError(description: "setting \(key)=\(value): expected on or off") }
        }
        switch key {
        case "WBITS": weightBits = try int(1...8)
        case "ABITS": activationBits = try int(1...8)
        case "TOPK": topK = try int(0...64)
        case "DATA_W": dataWidth = try int(2...32)
        case "CW_W": weightWidth = try int(2...32)
        case "S_W": scaleWidth = try int(2...32)
        case "ACC_W": accWidth = try int(5...64)
        case "N": tileRows = try int(1...4096)
        case "LANES": lanes = try int(1...4096)
        case "codebook":
            guard let v = WeightCodebook(rawValue: value) else { throw SettingError(description: "setting codebook=\(value): expected per-matrix or per-tile") }
            weightCodebook = v
        case "scale":
            guard let v = RowScale(rawValue: value) else { throw SettingError(description: "setting scale=\(value): expected max or rms") }
            rowScale = v
        case "calibration":
            guard let v = Calibration(rawValue: value) else { throw SettingError(description: "setting calibration=\(value): expected fp32 or sequential") }
            calibration = v
        case "sensitivity": sensitivityWeighted = try flag()
        case "gptq": errorFeedback = try flag()
        case "skip-outliers": activationFitSkipsOutliers = try flag()
        case "bias-correction": biasCorrection = try flag()
        case "gelu": geluIndexBits = value == "float" ? nil : try int(1...8)
        case "rule": rules.append(try Self.parseRule(value))
        default:
            throw SettingError(description: "unknown setting '\(key)' (known: \(Self.settingKeys.map(\.key).joined(separator: ", ")))")
        }
    }

    static func parseRule(_ text: String) throws -> LayerRule {
        let fail = SettingError(description: "setting rule=\(text): expected ROLE[+ROLE][@BLOCK,...]:W<b>|A<b>|K<k>[,...]")
        let halves = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard halves.count == 2 else { throw fail }
        let target = halves[0].split(separator: "@", maxSplits: 1).map(String.init)
        var roles = Set<LinearRole>()
        for name in target[0].split(separator: "+") {
            guard let r = LinearRole(rawValue: String(name)) else {
                throw SettingError(description: "setting rule=\(text): unknown role '\(name)' (roles: \(LinearRole.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            roles.insert(r)
        }
        var rule = LayerRule(roles: roles)
        if target.count == 2 {
            let blocks = target[1].split(separator: ",").compactMap { Int($0) }
            guard !blocks.isEmpty else { throw fail }
            rule.blocks = Set(blocks)
        }
        for item in halves[1].split(separator: ",") {
            guard let kind = item.first, let v = Int(item.dropFirst()) else { throw fail }
            switch kind {
            case "W" where (1...8).contains(v): rule.weightBits = v
            case "A" where (1...8).contains(v): rule.activationBits = v
            case "K" where (0...64).contains(v): rule.topK = v
            default: throw fail
            }
        }
        return rule
    }
}

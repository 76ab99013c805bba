import Foundation
import HDL

/// The machine-readable description of an emitted top: parameters, ports, latency.
public struct ManifestEntry: Codable, Sendable, Equatable {
    /// One port of the top.
    public struct Port: Codable, Sendable, Equatable {
        public let name: String
        public let direction: String
        public let width: Int
        public let signed: Bool
    }
    public let top: String
    public let file: String
    public let parameters: [String: String]
    public let ports: [Port]
    public let latency: Int?
    /// Cycles between the first beats of consecutive transactions in steady state.
    public let interval: Int?

    public init(module: ModuleDef, file: String) {
        top = VerilogEmitter.moduleName(of: module)
        self.file = file
        parameters = Dictionary(module.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        ports = zip(module.ports, VerilogEmitter.portNames(of: module)).map { p, name in
            Port(name: name, direction: p.isInput ? "input" : "output", width: p.width, signed: p.signed)
        }
        latency = module.latency
        interval = module.interval
    }

    /// Deterministic pretty JSON of a whole manifest (`{"tops": [...]}`).
    public static func json(_ entries: [ManifestEntry]) throws -> String {
        struct Doc: Codable { let generator: String; let tops: [ManifestEntry] }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try enc.encode(Doc(generator: "kllm-gen", tops: entries))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

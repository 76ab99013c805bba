import Foundation
import HDL

/// The machine-readable description of an emitted top: parameters, ports, latency.
public struct ManifestEntry: Encodable, Sendable, Equatable {
    /// One port of the top.
    public struct Port: Encodable, Sendable, Equatable {
        public let name: String
        public let direction: String
        public let width: Int
        public let signed: Bool
    }
    public let top: String
    public let file: String
    public let parameters: [String: String]
    public let ports: [Port]
    /// The module's annotations, each a top-level field (`latency`, `interval`, ...).
    public let annotations: [Annotation]

    public init(module: ModuleDef, file: String) {
        top = VerilogEmitter.moduleName(of: module)
        self.file = file
        parameters = Dictionary(module.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        ports = zip(module.ports, VerilogEmitter.portNames(of: module)).map { p, name in
            Port(name: name, direction: p.isInput ? "input" : "output", width: p.width, signed: p.signed)
        }
        annotations = module.annotations
    }

    /// The integer annotated under `key` (e.g. `latency`), if any.
    public func intAnnotation(_ key: String) -> Int? { annotations.int(key) }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(top, forKey: Key("top"))
        try c.encode(file, forKey: Key("file"))
        try c.encode(parameters, forKey: Key("parameters"))
        try c.encode(ports, forKey: Key("ports"))
        for a in annotations {
            switch a.value {
            case .int(let v): try c.encode(v, forKey: Key(a.key))
            case .text(let t): try c.encode(t, forKey: Key(a.key))
            }
        }
    }

    /// Deterministic pretty JSON of a whole manifest (`{"tops": [...]}`).
    public static func json(_ entries: [ManifestEntry]) throws -> String {
        struct Doc: Encodable { let generator: String; let tops: [ManifestEntry] }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try enc.encode(Doc(generator: "kllm-gen", tops: entries))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

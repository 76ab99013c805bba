/// An elaborated, checked module: the IR that emitters and simulators read.
/// Built only by `ModuleBuilder.build()`, so every `ModuleDef` has passed the checks.
public final class ModuleDef {
    /// Module name as requested (the emitter may prefix it inside a design).
    public let name: String
    public let loc: SourceLoc
    /// Ports in declaration order (the clock and reset first when present).
    public let ports: [SignalDecl]
    /// The clock port (rising edge), when the module or a child has state.
    public let clock: SignalDecl?
    /// The synchronous active-high reset port, when a register (here or below) resets.
    public let reset: SignalDecl?
    /// Wires, registers and instance-port signals, in declaration order.
    public let signals: [SignalDecl]
    public let memories: [MemoryDecl]
    public let instances: [InstanceDecl]
    public let body: StatementBlock
    /// Assertions, assumptions and cover points, in the order stated.
    public let properties: [Property]
    /// Generator parameters recorded for the manifest and the header comment.
    public let parameters: [(name: String, value: String)]
    /// What the generator states about the module (latency, interval, ...), in order.
    public let annotations: [Annotation]
    /// Free text for the header comment.
    public let doc: String?
    /// For each output port, the input ports it depends on combinationally
    /// (set once by the checks, before `build()` hands the module out).
    public internal(set) var combinationalPaths: [String: Set<String>] = [:]

    init(name: String, loc: SourceLoc, ports: [SignalDecl], clock: SignalDecl?, reset: SignalDecl?, signals: [SignalDecl], memories: [MemoryDecl],
         instances: [InstanceDecl], body: StatementBlock, properties: [Property] = [], parameters: [(name: String, value: String)],
         annotations: [Annotation] = [], doc: String?) {
        self.name = name
        self.loc = loc
        self.ports = ports
        self.clock = clock
        self.reset = reset
        self.signals = signals
        self.memories = memories
        self.instances = instances
        self.body = body
        self.properties = properties
        self.parameters = parameters
        self.annotations = annotations
        self.doc = doc
    }

    /// The port named `name`, if any.
    public func port(_ name: String) -> SignalDecl? { ports.first { $0.name == name } }

    /// Whether the module has a clock port.
    public var hasClock: Bool { clock != nil }
    /// Whether the module has a reset port.
    public var hasReset: Bool { reset != nil }

    /// This module and every module below it, each once, parents before children.
    public var hierarchy: [ModuleDef] {
        var seen = Set<ObjectIdentifier>()
        var order: [ModuleDef] = []
        func visit(_ m: ModuleDef) {
            guard seen.insert(ObjectIdentifier(m)).inserted else { return }
            order.append(m)
            for i in m.instances { visit(i.module) }
        }
        visit(self)
        return order
    }
}

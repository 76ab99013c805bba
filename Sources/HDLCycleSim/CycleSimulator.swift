import HDL
@_exported import SimCore

/// A cycle-accurate simulator of the elaborated IR in pure Swift — no C++
/// toolchain needed. The hierarchy is flattened, `when`/`switch` are lowered to
/// muxes, and every expression node becomes a closure that reads and writes
/// words of one flat state buffer, evaluated in dependency order. Same
/// interface as the Verilator backend; same results bit for bit (registers and
/// memories start at zero, as Verilator's `--x-initial fast` gives).
public final class CycleSimulator: SimulationBackend {
    public let topName: String
    public let ports: [SimPort]
    public private(set) var cycle: UInt64 = 0

    private let program: CompiledDesign
    private let index: PortIndex
    private var dirty = true
    private let hasProperties: Bool
    private var pendingFailures: [PropertyFailure] = []
    public var propertyFailureHandler: ((PropertyFailure) -> Void)?

    /// How many cycles each cover point of the design held so far, by `message (File.swift:LINE)`
    /// (every cover point is listed, reached or not).
    public var coverCounts: [String: Int] {
        var counts = Dictionary(program.properties.filter { $0.property.kind == .cover }.map { ($0.property.label, 0) },
                                uniquingKeysWith: { a, _ in a })
        counts.merge(program.coverCounts) { _, new in new }
        return counts
    }

    /// Elaborated `module` ready to run.
    public init(module: ModuleDef) {
        topName = module.name
        ports = module.simPorts
        program = CompiledDesign(top: module)
        index = PortIndex(top: topName, ports: ports)
        hasProperties = !program.properties.isEmpty
    }

    public func handle(_ name: String) throws -> PortHandle { try index.handle(name) }

    public func poke(_ port: PortHandle, _ value: UInt64) throws {
        try checkInput(port, value)
        program.write(port: port.index, value)
        dirty = true
    }

    public func poke(_ port: PortHandle, words: UnsafeBufferPointer<UInt64>) throws {
        try checkInput(port, words: words)
        program.write(port: port.index, words)
        dirty = true
    }

    public func peek(_ port: PortHandle) -> UInt64 {
        if dirty { eval() }
        return program.read(port: port.index)
    }

    public func peekWords(_ port: PortHandle) -> [UInt64] {
        if dirty { eval() }
        return program.read(port: port.index)
    }

    public func eval() {
        program.evaluate()
        dirty = false
    }

    public func step(_ n: Int = 1) {
        for i in 0..<n {
            if dirty { program.evaluate() }
            if hasProperties { checkProperties(cycle: cycle + UInt64(i)) }
            program.clockEdge()
            program.evaluate()
            dirty = false
        }
        cycle += UInt64(n)
        dirty = false
    }

    private func checkProperties(cycle: UInt64) {
        for p in program.checkProperties() {
            let f = PropertyFailure(cycle: cycle, property: p.label)
            if pendingFailures.count < 64 { pendingFailures.append(f) }
            propertyFailureHandler?(f)
        }
    }

    public func takePropertyFailures() -> [PropertyFailure] {
        defer { pendingFailures = [] }
        return pendingFailures
    }
}

import HDL
import HDLSim

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
    private var dirty = true

    /// Elaborated `module` ready to run.
    public init(module: ModuleDef) {
        topName = module.name
        ports = module.simPorts
        program = CompiledDesign(top: module)
    }

    public func poke(_ name: String, words: [UInt64]) throws {
        let p = try port(name)
        guard p.direction == .input else { throw SimError.wrongDirection(port: name, expected: .input) }
        try Self.checkFits(name, width: p.width, words: words)
        program.write(port: name, words)
        dirty = true
    }

    public func peekWords(_ name: String) throws -> [UInt64] {
        _ = try port(name)
        if dirty { eval() }
        return program.read(port: name)
    }

    public func eval() {
        program.evaluate()
        dirty = false
    }

    public func step(_ n: Int = 1) {
        for _ in 0..<n {
            if dirty { program.evaluate() }
            program.clockEdge()
            program.evaluate()
            dirty = false
        }
        cycle += UInt64(n)
        dirty = false
    }
}

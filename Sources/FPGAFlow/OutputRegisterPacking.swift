import Foundation

/// Packs the register behind a block RAM's read port into the RAM's own output
/// register: an ECP5 DP16KD has one per port (`REGMODE_x = "OUTREG"`), which yosys
/// 0.23's `synth_ecp5` never uses, and nextpnr does not pack fabric flip-flops into it.
/// Without it a block RAM's slow output (5.8 ns clock-to-out) must reach a flip-flop
/// that placement puts next to the logic it feeds, often far from the RAM.
///
/// A port is packed when every data output it uses drives exactly one flip-flop
/// (`TRELLIS_FF` on the RAM port's clock, always enabled, no set/reset) and nothing
/// else, and the port's output register would be always enabled and never reset
/// (`OCEx` 1, `RSTx` 0): then the output register is the same register, and the
/// flip-flops go. Only a pipeline register is packed, one whose output only feeds
/// further flip-flops: a register that feeds logic stays in the fabric, where placement
/// puts it by that logic (packed, the long route from the RAM would move in front of
/// the logic instead). Works on yosys's flattened JSON netlist (`write_json`).
public enum OutputRegisterPacking {
    /// What a pass did.
    public struct Outcome: Equatable, Sendable {
        /// Block RAM ports switched to their output register.
        public var ports = 0
        /// Fabric flip-flops removed (now inside the block RAMs).
        public var flipFlops = 0

        public init(ports: Int = 0, flipFlops: Int = 0) {
            self.ports = ports
            self.flipFlops = flipFlops
        }
    }

    /// Packs the registers of `top` in `json`; returns the rewritten netlist (keys sorted,
    /// so the same input gives the same bytes) and what was packed.
    public static func pack(json: Data, top: String) throws -> (netlist: Data, outcome: Outcome) {
        guard var root = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
              var modules = root["modules"] as? [String: Any],
              var module = modules[top] as? [String: Any],
              var cells = module["cells"] as? [String: [String: Any]] else {
            throw FPGAFlowError.malformedReport("yosys's JSON netlist (no module \(top) with cells)")
        }
        let outcome = pack(cells: &cells, topOutputs: topOutputNets(module))
        module["cells"] = cells
        modules[top] = module
        root["modules"] = modules
        let data = try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
        return (data, outcome)
    }

    /// Nets that leave the module through an output port (a sink the cells do not show).
    static func topOutputNets(_ module: [String: Any]) -> Set<Int> {
        var nets = Set<Int>()
        for case let port as [String: Any] in (module["ports"] as? [String: Any] ?? [:]).values
        where (port["direction"] as? String) != "input" {
            for case let bit as Int in port["bits"] as? [Any] ?? [] { nets.insert(bit) }
        }
        return nets
    }

    /// The pass on the cells themselves.
    static func pack(cells: inout [String: [String: Any]], topOutputs: Set<Int>) -> Outcome {
        // Every net's readers: (cell, port) for each cell input bit.
        var readers: [Int: [(cell: String, port: String)]] = [:]
        for (name, cell) in cells {
            let directions = cell["port_directions"] as? [String: String] ?? [:]
            for (port, bits) in cell["connections"] as? [String: [Any]] ?? [:] where directions[port] != "output" {
                for case let net as Int in bits { readers[net, default: []].append((name, port)) }
            }
        }
        var outcome = Outcome()
        for name in cells.keys.sorted() where cells[name]?["type"] as? String == "DP16KD" {
            for side in ["A", "B"] {
                guard let moves = packable(name, side: side, cells: cells, readers: readers, topOutputs: topOutputs) else { continue }
                var ram = cells[name]!
                var connections = ram["connections"] as! [String: [Any]]
                var parameters = ram["parameters"] as? [String: Any] ?? [:]
                for (pin, flipFlop) in moves {
                    connections[pin] = (cells[flipFlop]!["connections"] as! [String: [Any]])["Q"]
                    cells[flipFlop] = nil
                }
                parameters["REGMODE_\(side)"] = "OUTREG"
                ram["connections"] = connections
                ram["parameters"] = parameters
                cells[name] = ram
                outcome.ports += 1
                outcome.flipFlops += moves.count
            }
        }
        return outcome
    }

    /// For one RAM port: each used data output and the flip-flop it feeds, when all qualify.
    private static func packable(_ name: String, side: String, cells: [String: [String: Any]],
                                 readers: [Int: [(cell: String, port: String)]], topOutputs: Set<Int>) -> [(String, String)]? {
        let ram = cells[name]!
        guard let connections = ram["connections"] as? [String: [Any]],
              (ram["parameters"] as? [String: Any])?["REGMODE_\(side)"] as? String == "NOREG",
              isConstant(connections["OCE\(side)"], "1"), isConstant(connections["RST\(side)"], "0"),
              let clock = connections["CLK\(side)"]?.first as? Int else { return nil }
        var moves: [(String, String)] = []
        for i in 0..<18 {
            let pin = "DO\(side)\(i)"
            guard let net = connections[pin]?.first as? Int else { continue }
            let sinks = readers[net] ?? []
            if sinks.isEmpty && !topOutputs.contains(net) { continue }   // an output bit nothing reads
            guard sinks.count == 1, !topOutputs.contains(net), sinks[0].port == "DI",
                  let ff = cells[sinks[0].cell], isPlainFlipFlop(ff, clock: clock),
                  let q = (ff["connections"] as? [String: [Any]])?["Q"]?.first as? Int, !topOutputs.contains(q),
                  let next = readers[q], !next.isEmpty,
                  next.allSatisfy({ $0.port == "DI" && cells[$0.cell]?["type"] as? String == "TRELLIS_FF" }) else { return nil }
            moves.append((pin, sinks[0].cell))
        }
        return moves.isEmpty ? nil : moves
    }

    /// A TRELLIS_FF on `clock`'s rising edge, always enabled, never set or reset.
    private static func isPlainFlipFlop(_ ff: [String: Any], clock: Int) -> Bool {
        guard ff["type"] as? String == "TRELLIS_FF",
              let p = ff["parameters"] as? [String: Any], let c = ff["connections"] as? [String: [Any]],
              c["Q"]?.first is Int, c["CLK"]?.first as? Int == clock else { return false }
        let text = { (key: String) in (p[key] as? String)?.trimmingCharacters(in: .whitespaces) }
        let enabled = text("CEMUX") == "1" || isConstant(c["CE"], "1")
        let neverReset = isConstant(c["LSR"], "0") || text("LSRMUX") == "0"
        return enabled && neverReset && (text("CLKMUX") ?? "CLK") == "CLK" && (text("GSR") ?? "DISABLED") == "DISABLED"
    }

    private static func isConstant(_ bits: [Any]?, _ value: String) -> Bool {
        guard let bits, bits.count == 1 else { return false }
        return bits[0] as? String == value
    }
}

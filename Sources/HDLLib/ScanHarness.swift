import HDL

/// A register wrapper that lets a block of any port width be placed and routed
/// as a top on a device with few pins, and timed register to register.
///
/// Every data input of the block is driven by a register of an input shift chain
/// (`scan_in` enters at bit 0 every cycle), and every output is captured into an
/// output chain (`capture` 1 loads all outputs, 0 shifts them toward `scan_out`).
/// The block keeps `clk` and `rst`; the wrapper has five pins whatever the block's
/// width. What it adds is exact and known: one flip-flop per input bit and per
/// output bit, and a two-input select per output bit (`addedFlipFlops`).
/// All paths of the block then start and end at flip-flops, so the achieved clock
/// is the block's own register-to-register (or input-register-to-output-register)
/// speed, not the pins' delays.
public enum ScanHarness {
    /// The wrapper's module name for a block.
    public static func name(of block: ModuleDef) -> String { "\(block.name)_scan" }

    /// The block's data ports (clock and reset excluded), inputs and outputs in port order.
    static func dataPorts(of block: ModuleDef) -> (inputs: [SignalDecl], outputs: [SignalDecl]) {
        let data = block.ports.filter { $0 !== block.clock && $0 !== block.reset }
        return (data.filter(\.isInput), data.filter(\.isOutput))
    }

    /// The block's data input and output widths (clock and reset excluded).
    public static func dataBits(of block: ModuleDef) -> (inputs: Int, outputs: Int) {
        let ports = dataPorts(of: block)
        return (ports.inputs.reduce(0) { $0 + $1.width }, ports.outputs.reduce(0) { $0 + $1.width })
    }

    /// Flip-flops the wrapper adds (one per data input and output bit).
    public static func addedFlipFlops(for block: ModuleDef) -> Int {
        let bits = dataBits(of: block)
        return bits.inputs + bits.outputs
    }

    /// The wrapper around `block` (instance `dut`).
    public static func wrap(_ block: ModuleDef, file: StaticString = #fileID, line: UInt = #line) throws -> ModuleDef {
        let m = ModuleBuilder(name(of: block), file: file, line: line)
        m.doc = "Scan-chain register wrapper of \(block.name) for place and route with few pins: "
            + "every data input from the input chain, every output captured into the output chain."
        let scanIn = m.input("scan_in", .bool, file: file, line: line)
        let capture = m.input("capture", .bool, file: file, line: line)
        let scanOut = m.output("scan_out", .bool, file: file, line: line)
        let dut = m.instance(block, "dut", file: file, line: line)
        let (inputs, outputs) = dataPorts(of: block)
        let bits = dataBits(of: block)

        if bits.inputs > 0 {
            let chain = m.reg("in_chain", .uint(bits.inputs), file: file, line: line)
            chain.assign(bits.inputs == 1 ? HUInt(node: scanIn.node) : cat(chain.bits(bits.inputs - 2, 0), scanIn),
                         file: file, line: line)
            var lo = 0
            for port in inputs {
                let slice = chain.bits(lo + port.width - 1, lo)
                if port.signed {
                    dut.input(port.name, as: HSInt.self, file: file, line: line).assign(slice.asSInt, file: file, line: line)
                } else {
                    dut.input(port.name, as: HUInt.self, file: file, line: line).assign(slice, file: file, line: line)
                }
                lo += port.width
            }
        }
        guard bits.outputs > 0 else {
            scanOut.assign(false, file: file, line: line)
            return try m.build(file: file, line: line)
        }
        let captured: [any Hardware] = outputs.reversed().map { port -> any Hardware in
            port.signed ? dut.output(port.name, as: HSInt.self, file: file, line: line).asUInt
                : dut.output(port.name, as: HUInt.self, file: file, line: line)
        }
        let chain = m.reg("out_chain", .uint(bits.outputs), file: file, line: line)
        let shifted = bits.outputs == 1 ? chain : cat(chain.bits(bits.outputs - 2, 0), HBool(false))
        chain.assign(mux(capture, cat(captured), shifted), file: file, line: line)
        scanOut.assign(chain.bit(bits.outputs - 1), file: file, line: line)
        return try m.build(file: file, line: line)
    }
}

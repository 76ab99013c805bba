// kllm-bench: prints measured numbers (no thresholds). Run through bench/run.sh.
//  1. Codebook fitting on one 1M-value LLM-like tensor, k = 16: exact DP and Lloyd
//     (k-means++), time and MSE; the tensor is written for scikit-learn to fit too.
//  2. Index MatMul through product tables vs dequantize-then-float MatMul.
import Foundation
import HDL
import HDLCycleSim
import HDLExamples
import HDLSim
import HDLVerilog
import KLLMGen
import KLLMGolden
import Randomness
import SimBridge

func timed<T>(_ body: () -> T) -> (T, Double) {
    let t0 = DispatchTime.now().uptimeNanoseconds
    let r = body()
    return (r, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
}

let args = CommandLine.arguments
let outDir = args.count > 1 ? args[1] : "bench/out"
/// Sections to run (`fit,matmul,sim,elab`; all by default).
let sections = args.count > 2 ? Set(args[2].split(separator: ",").map(String.init)) : ["fit", "matmul", "sim", "elab"]
try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)

// LLM-like values: Gaussian weights with a few per cent heavy-tailed outliers.
var rng = SeededRandom(seed: 2026)
let n = 1_000_000
let tensor: [Double] = (0..<n).map { _ in
    let g = rng.gaussian() * 0.02
    return rng.next() % 100 == 0 ? g * 12 : g
}
var raw = Data(capacity: n * 8)
for v in tensor { var b = v.bitPattern.littleEndian; raw.append(Data(bytes: &b, count: 8)) }
try raw.write(to: URL(fileURLWithPath: "\(outDir)/tensor.f64"))

func mse(_ centroids: [Double]) -> Double {
    let cb = Codebook(centroids: centroids)
    var s = 0.0
    for v in tensor { let d = v - cb.decode(cb.encode(v)); s += d * d }
    return s / Double(n)
}

/// Runs `body` `runs` times: its last result, the median and the least time.
func repeated<T>(_ runs: Int, _ body: () -> T) -> (T, median: Double, least: Double) {
    var times: [Double] = []
    var last: T? = nil
    for _ in 0..<runs {
        let (r, t) = timed(body)
        last = r
        times.append(t)
    }
    times.sort()
    return (last!, times[runs / 2], times[0])
}

if sections.contains("fit") {
    let runs = 5
    print("== codebook fitting: \(n) values, k = 16 (median and least of \(runs) runs)")
    let (dp, tDP, minDP) = repeated(runs) { KMeans1D.optimal(tensor, k: 16) }
    let (ll, tLL, minLL) = repeated(runs) { KMeans1D.lloyd(tensor, k: 16, seed: 1) }
    print(String(format: "swift-dp      %8.3f s (least %.3f)   MSE %.6e", tDP, minDP, mse(dp.centroids)))
    print(String(format: "swift-lloyd   %8.3f s (least %.3f)   MSE %.6e", tLL, minLL, mse(ll.centroids)))
    for k in [64, 256] {
        let (fit, t, least) = repeated(3) { KMeans1D.optimal(tensor, k: k) }
        print(String(format: "swift-dp k=%-3d %8.3f s (least %.3f)   MSE %.6e", k, t, least, mse(fit.centroids)))
    }
    // For bench/sklearn_kmeans.py, which prints the ratio of the medians.
    try "\(tDP)\n".write(toFile: "\(outDir)/dp-median.txt", atomically: true, encoding: .utf8)
}

if sections.contains("matmul") {
    print("== index MatMul vs dequantize-then-float MatMul (4-bit, per-channel weights)")
    for (tokens, dIn, dOut) in [(16, 512, 512), (64, 1024, 1024)] {
        let x = Matrix.gaussian(rows: tokens, cols: dIn, std: 1, rng: &rng)
        let w = Matrix.gaussian(rows: dOut, cols: dIn, std: 0.05, rng: &rng)
        let a = KMeansQuantized(x, bits: 4, granularity: .perTensor)
        let wq = KMeansQuantized(w, bits: 4, granularity: .perChannel)
        let (y1, tIdx) = timed { IndexOps.linear(activations: a, weights: wq) }
        let (y2, tDeq) = timed { Matrix.linear(a.dequantized(), wq.dequantized()) }
        print(String(format: "%4d x %4d x %4d   index %7.3f s   dequant+float %7.3f s   max |diff| %.2e",
                     tokens, dIn, dOut, tIdx, tDeq, zip(y1.data, y2.data).map { abs($0 - $1) }.max() ?? 0))
    }
}

/// 64 rows of random input values (one word list per input port), masked to each width.
func inputTable(_ inputs: [SimPort], seed: UInt64) -> [[[UInt64]]] {
    var r = SeededRandom(seed: seed)
    return (0..<64).map { _ in inputs.map { p in (0..<p.wordCount).map { i in
        let w = r.next()
        let bits = min(64, p.width - i * 64)
        return bits == 64 ? w : w & ((UInt64(1) << UInt64(bits)) - 1)
    } } }
}
func drivenInputs(_ sim: any SimulationBackend) -> [SimPort] {
    sim.ports.filter { $0.direction == .input && $0.name != "clk" && $0.name != "rst" }
}
/// Through port handles (looked up once), as a hot test loop should; the
/// table is flattened so the loop itself allocates and retains nothing. Ports up
/// to 64 bits go in one batch call per cycle, wider ones one call each.
func simRate(_ sim: any SimulationBackend, cycles: Int, seed: UInt64) throws -> Double {
    let inputs = drivenInputs(sim)
    let table = inputTable(inputs, seed: seed)
    let narrow = try inputs.indices.filter { inputs[$0].width <= 64 }.map { try sim.handle(inputs[$0].name) }
    let wide = try inputs.indices.filter { inputs[$0].width > 64 }.map { try sim.handle(inputs[$0].name) }
    let narrowValues = table.flatMap { row in inputs.indices.filter { inputs[$0].width <= 64 }.map { row[$0][0] } }
    let wideValues = table.flatMap { row in inputs.indices.filter { inputs[$0].width > 64 }.flatMap { row[$0] } }
    let wideWords = wide.reduce(0) { $0 + $1.wordCount }
    if sim.ports.contains(where: { $0.name == "rst" }) { try sim.reset() }
    let (_, t) = try timedThrowing {
        try narrow.withUnsafeBufferPointer { hs in
            try narrowValues.withUnsafeBufferPointer { nv in
                try wideValues.withUnsafeBufferPointer { wv in
                    for c in 0..<cycles {
                        let row = c & 63
                        try sim.poke(hs, UnsafeBufferPointer(rebasing: nv[(row * hs.count)..<((row + 1) * hs.count)]))
                        var at = row * wideWords
                        for h in wide {
                            try sim.poke(h, words: UnsafeBufferPointer(rebasing: wv[at..<(at + h.wordCount)]))
                            at += h.wordCount
                        }
                        sim.step(1)
                    }
                }
            }
        }
    }
    return Double(cycles) / t
}
/// By port name every cycle (the convenient form most tests use).
func simRateByName(_ sim: any SimulationBackend, cycles: Int, seed: UInt64) throws -> Double {
    let inputs = drivenInputs(sim)
    let values = inputTable(inputs, seed: seed)
    if sim.ports.contains(where: { $0.name == "rst" }) { try sim.reset() }
    let (_, t) = try timedThrowing {
        for c in 0..<cycles {
            for (k, p) in inputs.enumerated() { try sim.poke(p.name, words: values[c & 63][k]) }
            sim.step(1)
        }
    }
    return Double(cycles) / t
}
func timedThrowing<T>(_ body: () throws -> T) throws -> (T, Double) {
    let t0 = DispatchTime.now().uptimeNanoseconds
    let r = try body()
    return (r, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
}
let designs: [(String, ModuleDef)] = try [
    ("counter", CounterGenerator(width: 8).build()),
    ("signed_mac", SignedMACGenerator(aWidth: 8, bWidth: 8, accWidth: 24).build()),
    ("fifo", FIFOGenerator(width: 16, depth: 8).build()),
    ("wide_adder 256", WideAdderGenerator(width: 256).build()),
    ("kllm_orizuru", OrizuruGenerator().build()),
    ("kllm_index_matmul 8x8", IndexMatMulGenerator().build()),
]
if sections.contains("sim") {
    print("== simulators: cycles per second, every input written each cycle (IR = built-in cycle simulator)")
    print("design                 IR (handles)   Verilator: Swift by name   Swift handles   plain C++ loop   C++/Swift  (best of 5 rounds)")
    for (name, m) in designs {
        let cycles = 400_000
        let inputs = m.simPorts.filter { $0.direction == .input && $0.name != "clk" && $0.name != "rst" }
        let driver = try CxxLoop.build(top: m.name, verilog: VerilogEmitter().emit(m), inputs: inputs,
                                       table: inputTable(inputs, seed: 1), hasClock: m.hasClock, hasReset: m.hasReset,
                                       dir: "\(outDir)/cxx-\(m.name)")
        // Best of five rounds, the loops interleaved: this 2-core machine's background
        // load swings single runs by tens of per cent.
        var ir = 0.0, vlName = 0.0, vl = 0.0, cxx = 0.0
        for _ in 0..<5 {
            ir = max(ir, try simRate(CycleSimulator(module: m), cycles: cycles / 16, seed: 1))
            vlName = max(vlName, try simRateByName(Simulator(module: m), cycles: cycles, seed: 1))
            vl = max(vl, try simRate(Simulator(module: m), cycles: cycles, seed: 1))
            cxx = max(cxx, try CxxLoop.run(driver, cycles: cycles))
        }
        print(name.padding(toLength: 22, withPad: " ", startingAt: 0)
              + String(format: " %10.0f   %14.0f             %10.0f      %10.0f       %5.2fx", ir, vlName, vl, cxx, cxx / vl))
    }
}

if sections.contains("elab") {
    print("== elaboration (with checks), lowering and Verilog emission of large arrays")
    for (rows, cols, outRows) in [(16, 16, 16), (32, 32, 32), (64, 64, 16), (128, 128, 8)] {
        let (def, tBuild) = try timedThrowing { try IndexMatMulGenerator(rows: rows, cols: cols, outRows: outRows).build() }
        let (_, tLower) = timed { def.hierarchy.map(LoweredModule.init).count }
        let (text, tEmit) = timed { VerilogEmitter().emit(def) }
        print(String(format: "kllm_index_matmul %3dx%3d (OUT_ROWS=%2d)   elaborate %6.2f s   lower %6.2f s   emit %6.2f s   %5.1f MB of Verilog",
                     rows, cols, outRows, tBuild, tLower, tEmit, Double(text.utf8.count) / 1e6))
    }
}

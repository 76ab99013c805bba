// kllm-bench: prints measured numbers (no thresholds). Run through bench/run.sh.
//  1. Codebook fitting on one 1M-value LLM-like tensor, k = 16: exact DP and Lloyd
//     (k-means++), time and MSE; the tensor is written for scikit-learn to fit too.
//  2. Index MatMul through product tables vs dequantize-then-float MatMul.
import Foundation
import HDL
import HDLCycleSim
import HDLSim
import HDLVerilog
import KLLMGen
import KLLMGolden
import SimTesting

func timed<T>(_ body: () -> T) -> (T, Double) {
    let t0 = DispatchTime.now().uptimeNanoseconds
    let r = body()
    return (r, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
}

let args = CommandLine.arguments
let outDir = args.count > 1 ? args[1] : "bench/out"
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

print("== codebook fitting: \(n) values, k = 16")
let (dp, tDP) = timed { KMeans1D.optimal(tensor, k: 16) }
let (ll, tLL) = timed { KMeans1D.lloyd(tensor, k: 16, seed: 1) }
print(String(format: "swift-dp      %8.3f s   MSE %.6e", tDP, mse(dp.centroids)))
print(String(format: "swift-lloyd   %8.3f s   MSE %.6e", tLL, mse(ll.centroids)))

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

print("== simulators: cycles per second, same design and random inputs (IR = built-in cycle simulator)")
func simRate(_ sim: any SimulationBackend, cycles: Int, seed: UInt64) throws -> Double {
    var r = SeededRandom(seed: seed)
    let inputs = sim.ports.filter { $0.direction == .input && $0.name != "clk" && $0.name != "rst" }
    let values = (0..<64).map { _ in inputs.map { p in (0..<p.wordCount).map { i in
        let w = r.next()
        let bits = min(64, p.width - i * 64)
        return bits == 64 ? w : w & ((UInt64(1) << UInt64(bits)) - 1)
    } } }
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
    ("counter", counter(width: 8)),
    ("signed_mac", signedMAC(aWidth: 8, bWidth: 8, accWidth: 24)),
    ("fifo", fifo(width: 16, depth: 8)),
    ("wide_adder 256", wideAdder(width: 256)),
    ("kllm_orizuru", OrizuruGenerator().build()),
    ("kllm_index_matmul 8x8", IndexMatMulGenerator().build()),
]
for (name, m) in designs {
    let cycles = 200_000
    let ir = try simRate(CycleSimulator(module: m), cycles: cycles / 4, seed: 1)
    let vl = try simRate(Simulator(module: m), cycles: cycles, seed: 1)
    print(name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "IR %10.0f cycles/s   Verilator %10.0f cycles/s", ir, vl))
}

print("== elaboration and Verilog emission of large arrays")
for (rows, cols, outRows) in [(16, 16, 16), (32, 32, 32), (64, 64, 16)] {
    let (text, t) = try timedThrowing {
        VerilogEmitter().emit(try IndexMatMulGenerator(rows: rows, cols: cols, outRows: outRows).build())
    }
    print(String(format: "kllm_index_matmul %2dx%2d (OUT_ROWS=%2d)   %6.2f s   %5.1f MB of Verilog", rows, cols, outRows, t, Double(text.utf8.count) / 1e6))
}

// swift-tools-version: 6.0
// The KLLM hardware generator: a Swift hardware DSL, its Verilog emitter, a
// Verilator-backed simulation layer, the KLLM block generators and a golden model.
import PackageDescription

let package = Package(
    name: "KLLM",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "BitVector", targets: ["BitVector"]),
        .library(name: "HDL", targets: ["HDL"]),
        .library(name: "HDLVerilog", targets: ["HDLVerilog"]),
        .library(name: "HDLSim", targets: ["HDLSim"]),
        .library(name: "KLLMGolden", targets: ["KLLMGolden"]),
        .library(name: "KLLMGen", targets: ["KLLMGen"]),
        .library(name: "KLLMModel", targets: ["KLLMModel"]),
        .executable(name: "kllm-gen", targets: ["kllm-gen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The bit-vector type and the word kernels of every operator (no dependencies):
        // constant folding and the cycle simulator both run them.
        .target(name: "BitVector"),
        // hdl: the language — typed signals, IR, elaboration checks.
        .target(name: "HDL", dependencies: ["BitVector"]),
        // back: Verilog-2005 printer for the elaborated IR.
        .target(name: "HDLVerilog", dependencies: ["HDL", "BitVector"]),
        // sim: Verilator through a generated C shim; knows nothing of the DSL.
        .target(name: "HDLSim", dependencies: ["BitVector"], linkerSettings: [.linkedLibrary("dl")]),
        // sim: the built-in cycle simulator of the IR (pure Swift, same interface).
        .target(name: "HDLCycleSim", dependencies: ["HDL", "HDLSim", "BitVector"]),
        // Seeded random numbers for generators, tests, the fuzzer and the golden model.
        .target(name: "Randomness"),
        // Differential fuzzing: random circuits on the IR simulator, Verilator and Icarus.
        .target(name: "HDLFuzz", dependencies: ["HDL", "HDLVerilog", "HDLSim", "HDLCycleSim", "Randomness"]),
        .executableTarget(name: "kllm-fuzz", dependencies: ["HDLFuzz", "HDLVerilog"]),
        // XCTest helpers on top of the simulation layer (expect with caller file:line).
        .target(name: "SimTesting", dependencies: ["HDL", "HDLVerilog", "HDLSim", "HDLCycleSim", "Randomness"]),
        // golden model: K-Means WAQ quantization and bit-exact block models.
        .target(name: "KLLMGolden", dependencies: ["Randomness", "BitVector"]),
        // A real checkpoint end to end: WordPiece tokenizer, encoder/decoder forward, the hardware path.
        .target(name: "KLLMModel", dependencies: ["KLLMGolden", "BitVector", "Randomness"]),
        // lib: the example designs and the KLLM block generators.
        .target(name: "KLLMGen", dependencies: ["HDL", "HDLVerilog", "KLLMGolden", "Randomness", "BitVector"]),
        .executableTarget(name: "kllm-gen", dependencies: [
            "KLLMGen", "HDL", "HDLVerilog", "KLLMGolden", "KLLMModel", "HDLSim", "SimTesting", "BitVector",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // bench: measured numbers, not tests (run bench/run.sh).
        .executableTarget(name: "kllm-bench", dependencies: ["KLLMGolden", "KLLMGen", "HDL", "HDLVerilog", "HDLSim", "HDLCycleSim", "SimTesting", "Randomness"], path: "bench/KLLMBench"),
        .testTarget(name: "BitVectorTests", dependencies: ["BitVector"]),
        .testTarget(name: "HDLTests", dependencies: ["HDL", "HDLVerilog"]),
        .testTarget(name: "HDLCycleSimTests", dependencies: ["HDL", "HDLCycleSim", "HDLSim", "Randomness"]),
        .testTarget(name: "HDLVerilogTests", dependencies: ["HDL", "HDLVerilog", "HDLSim", "KLLMGen"]),
        .testTarget(name: "HDLSimTests", dependencies: ["HDL", "HDLVerilog", "HDLSim", "HDLCycleSim", "SimTesting", "KLLMGen", "BitVector", "Randomness"]),
        .testTarget(name: "HDLFuzzTests", dependencies: ["HDL", "HDLFuzz"]),
        .testTarget(name: "KLLMGoldenTests", dependencies: ["KLLMGolden", "Randomness", "BitVector"]),
        .testTarget(name: "KLLMModelTests", dependencies: ["KLLMModel", "KLLMGolden", "BitVector", "Randomness"], exclude: ["Fixtures"]),
        .testTarget(name: "KLLMGenTests", dependencies: ["HDL", "HDLVerilog", "HDLSim", "SimTesting", "KLLMGen", "KLLMGolden", "Randomness", "BitVector"]),
    ],
    swiftLanguageModes: [.v6]
)

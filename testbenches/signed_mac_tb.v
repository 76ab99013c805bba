// Icarus testbench for the signed_mac example: applies the stimulus of
// stim.hex cycle by cycle ({rst, in_valid, in_clear, a, b}) and checks acc after
// every rising edge against expect.hex. Run in the folder holding the vectors.
`default_nettype none
module signed_mac_tb;
    parameter A_W = 8;
    parameter B_W = 8;
    parameter ACC_W = 24;
    parameter MAXN = 200000;
    localparam SW = 3 + A_W + B_W;

    reg clk;
    reg rst;
    reg in_valid;
    reg in_clear;
    reg signed [A_W-1:0] a;
    reg signed [B_W-1:0] b;
    wire signed [ACC_W-1:0] acc;

    reg [SW-1:0] stim [0:MAXN-1];
    reg [ACC_W-1:0] expected [0:MAXN-1];
    reg [31:0] count_mem [0:0];
    integer n, i, errors;

    signed_mac dut (.clk(clk), .rst(rst), .in_valid(in_valid), .in_clear(in_clear), .a(a), .b(b), .acc(acc));

    initial begin
        clk = 1'b0;
        $readmemh("count.hex", count_mem);
        n = count_mem[0];
        if (n < 1 || n > MAXN) begin
            $display("FAIL signed_mac: vector count %0d out of 1..%0d", n, MAXN);
            $finish;
        end
        $readmemh("stim.hex", stim, 0, n - 1);
        $readmemh("expect.hex", expected, 0, n - 1);
        errors = 0;
        for (i = 0; i < n; i = i + 1) begin
            {rst, in_valid, in_clear, a, b} = stim[i];
            #1 clk = 1'b1;
            #1;
            if (acc !== expected[i]) begin
                errors = errors + 1;
                if (errors <= 10) $display("mismatch at cycle %0d: acc = %h, expected %h", i, acc, expected[i]);
            end
            clk = 1'b0;
            #1;
        end
        if (errors == 0) $display("PASS signed_mac: %0d cycles checked", n);
        else $display("FAIL signed_mac: %0d of %0d cycles mismatched", errors, n);
        $finish;
    end
endmodule
`default_nettype wire

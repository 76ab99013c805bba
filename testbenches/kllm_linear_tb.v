// Icarus testbench for kllm_linear (SPEC 5), written from the SPEC contract:
// writes the five tables from cw.hex, ca.hex, thr.hex, s.hex and w.hex, waits
// for in_ready, streams in.hex ({gap, in_data} per beat, K/LANES beats a vector)
// honouring in_ready, and checks every output beat ({out_row, out_y}) against
// expect.hex, in order, LATENCY cycles after the vector's last beat (beat j of a
// result j cycles later). Prints PASS or FAIL.
`default_nettype none
module kllm_linear_tb;
    parameter N = 16;
    parameter K = 64;
    parameter LANES = 8;
    parameter WBITS = 4;
    parameter ABITS = 4;
    parameter DATA_W = 8;
    parameter CW_W = 8;
    parameter S_W = 8;
    parameter ACC_W = 32;
    parameter OUT_LANES = 4;
    parameter LATENCY = 9;
    parameter MAXN = 200000;
    localparam B = K / LANES;
    localparam NB = N / OUT_LANES;
    localparam ROW_W = 4;                       // ceil(log2(N)), the out_row width
    localparam SAW = 4;                         // s_waddr width: ceil(log2(N))
    localparam WAW = 7;                         // w_waddr width: ceil(log2(N*K/LANES))
    localparam SW = 1 + LANES * DATA_W;
    localparam YW = OUT_LANES * (ACC_W + S_W);
    localparam EW = ROW_W + YW;

    reg clk = 1'b0;
    reg rst = 1'b1;
    reg cw_we = 1'b0, ca_we = 1'b0, thr_we = 1'b0, s_we = 1'b0, w_we = 1'b0;
    reg [WBITS-1:0] cw_waddr = 0;
    reg [CW_W-1:0] cw_wdata = 0;
    reg [ABITS-1:0] ca_waddr = 0, thr_waddr = 0;
    reg [DATA_W-1:0] ca_wdata = 0, thr_wdata = 0;
    reg [SAW-1:0] s_waddr = 0;
    reg [S_W-1:0] s_wdata = 0;
    reg [WAW-1:0] w_waddr = 0;
    reg [LANES*WBITS-1:0] w_wdata = 0;
    reg in_valid = 1'b0;
    reg [LANES*DATA_W-1:0] in_data = 0;
    wire in_ready;
    wire out_valid;
    wire [ROW_W-1:0] out_row;
    wire [YW-1:0] out_y;

    reg [SW-1:0] stim [0:MAXN-1];
    reg [CW_W-1:0] cw_t [0:(1<<WBITS)-1];
    reg [DATA_W-1:0] ca_t [0:(1<<ABITS)-1];
    reg [DATA_W-1:0] thr_t [0:(1<<ABITS)-2];
    reg [S_W-1:0] s_t [0:N-1];
    reg [LANES*WBITS-1:0] w_t [0:N*B-1];
    reg [31:0] counts [0:1];
    integer nbeats, nres, i, d, sent, beat;

    kllm_linear dut (.clk(clk), .rst(rst),
                     .cw_we(cw_we), .cw_waddr(cw_waddr), .cw_wdata(cw_wdata),
                     .ca_we(ca_we), .ca_waddr(ca_waddr), .ca_wdata(ca_wdata),
                     .thr_we(thr_we), .thr_waddr(thr_waddr), .thr_wdata(thr_wdata),
                     .s_we(s_we), .s_waddr(s_waddr), .s_wdata(s_wdata),
                     .w_we(w_we), .w_waddr(w_waddr), .w_wdata(w_wdata),
                     .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data),
                     .out_valid(out_valid), .out_row(out_row), .out_y(out_y));

    tb_result_checker #(.LINE_W(EW), .W(EW), .LATENCY(LATENCY), .BEATS(NB), .MAXN(MAXN)) check (
        .clk(clk), .rst(rst), .finished(in_valid && in_ready && beat == B - 1), .out_valid(out_valid), .ready(in_ready),
        .got({out_row, out_y}));

    always #5 clk = ~clk;

    // One beat of the stream: offered until accepted (in_ready), `beat` counts it.
    // A block that never takes it (in_ready stuck at 0 or X) fails the run.
    task send(input [LANES*DATA_W-1:0] data);
        integer waited;
        begin
            in_valid = 1'b1;
            in_data = data;
            waited = 0;
            @(posedge clk);
            while (in_ready !== 1'b1 && waited < 4 * ((1 << (WBITS + ABITS)) + 64 + LATENCY + B)) begin
                @(posedge clk);
                waited = waited + 1;
            end
            if (in_ready !== 1'b1) begin
                $display("FAIL kllm_linear: in_ready=%b for %0d cycles with a beat offered", in_ready, waited);
                $finish;
            end
            @(negedge clk);
            beat = (beat == B - 1) ? 0 : beat + 1;
        end
    endtask

    // One cycle of reset with X on the stream inputs (a reset ignores them).
    task reset_with_x;
        begin
            in_valid = 1'bx; in_data = {LANES*DATA_W{1'bx}}; rst = 1'b1;
            @(negedge clk);
            in_valid = 1'b0; rst = 1'b0; beat = 0;
            check.arm();
            repeat (LATENCY + NB + 3) @(negedge clk);
        end
    endtask

    // SPEC: address and data are ignored while *_we is 0, so they carry garbage then
    // (changed just after each rising edge, never in a cycle that writes).
    always @(posedge clk) #1 if (!cw_we) begin cw_waddr = $random; cw_wdata = {4{$random}}; end
    always @(posedge clk) #1 if (!ca_we) begin ca_waddr = $random; ca_wdata = {4{$random}}; end
    always @(posedge clk) #1 if (!thr_we) begin thr_waddr = $random; thr_wdata = {4{$random}}; end
    always @(posedge clk) #1 if (!s_we) begin s_waddr = $random; s_wdata = {4{$random}}; end
    always @(posedge clk) #1 if (!w_we) begin w_waddr = $random; w_wdata = {4{$random}}; end
    initial begin
        sent = 0; beat = 0;
        $readmemh("count.hex", counts);
        nbeats = counts[0];
        nres = counts[1];
        if (nbeats < 1 || nbeats > MAXN || nres > MAXN || nbeats % B != 0) begin
            $display("FAIL kllm_linear: counts %0d/%0d out of range", nbeats, nres);
            $finish;
        end
        $readmemh("cw.hex", cw_t);
        $readmemh("ca.hex", ca_t);
        $readmemh("thr.hex", thr_t);
        $readmemh("s.hex", s_t);
        $readmemh("w.hex", w_t);
        $readmemh("in.hex", stim, 0, nbeats - 1);
        check.load(nres);
        repeat (2) @(negedge clk);
        rst = 1'b0;
        // Reset prologue (SPEC "Reset"), tables unwritten: a reset with a result in
        // flight, one during an output pulse and one inside an open vector.
        for (i = 0; i < B; i = i + 1) send({2{$random}});
        in_valid = 1'b0;
        reset_with_x;
        check.disarm();
        for (i = 0; i < B; i = i + 1) send({2{$random}});
        in_valid = 1'b0;
        i = 0;
        while (out_valid !== 1'b1 && i < LATENCY + 8) begin @(negedge clk); i = i + 1; end
        reset_with_x;
        check.disarm();
        send({2{$random}});
        send({LANES*DATA_W{1'bx}});
        in_valid = 1'b0;
        reset_with_x;
        // A one-cycle reset at every distance 0 .. LATENCY from a vector's last beat: a
        // register whose next value the timeline precomputes (out_load) must not act
        // on the state from before the reset.
        for (d = 0; d <= LATENCY; d = d + 1) begin
            check.disarm();
            for (i = 0; i < B; i = i + 1) send({2{$random}});
            in_valid = 1'b0;
            repeat (d) @(negedge clk);
            reset_with_x;
        end
        // The tables, then wait until the block is ready (it may rebuild what it derives).
        for (i = 0; i < (1 << WBITS); i = i + 1) begin cw_we = 1'b1; cw_waddr = i; cw_wdata = cw_t[i]; @(negedge clk); end
        cw_we = 1'b0;
        for (i = 0; i < (1 << ABITS); i = i + 1) begin ca_we = 1'b1; ca_waddr = i; ca_wdata = ca_t[i]; @(negedge clk); end
        ca_we = 1'b0;
        for (i = 0; i < (1 << ABITS) - 1; i = i + 1) begin thr_we = 1'b1; thr_waddr = i; thr_wdata = thr_t[i]; @(negedge clk); end
        thr_we = 1'b0;
        for (i = 0; i < N; i = i + 1) begin s_we = 1'b1; s_waddr = i; s_wdata = s_t[i]; @(negedge clk); end
        s_we = 1'b0;
        for (i = 0; i < N * B; i = i + 1) begin w_we = 1'b1; w_waddr = i; w_wdata = w_t[i]; @(negedge clk); end
        w_we = 1'b0;
        i = 0;
        while (in_ready !== 1'b1 && i < (1 << (WBITS + ABITS)) + 64) begin @(negedge clk); i = i + 1; end
        if (in_ready !== 1'b1) $display("FAIL kllm_linear: in_ready still low %0d cycles after the last table write", i);
        for (i = 0; i < nbeats; i = i + 1) begin
            if (stim[i][SW-1]) begin in_valid = 1'b0; @(negedge clk); end
            send(stim[i][SW-2:0]);
            sent = sent + 1;
        end
        in_valid = 1'b0;
        repeat (LATENCY + NB + 4) @(negedge clk);
        i = 0;
        while (check.seen < nres && i < 100 * (LATENCY + NB + 64)) begin @(negedge clk); i = i + 1; end
        if (check.errors == 0 && check.seen == nres && sent == nbeats) $display("PASS kllm_linear: %0d beats, %0d output beats checked", nbeats, check.seen);
        else $display("FAIL kllm_linear: %0d errors, %0d of %0d output beats", check.errors, check.seen, nres);
        $finish;
    end
endmodule
`default_nettype wire

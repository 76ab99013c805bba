// The DSL's value type is part of its vocabulary: constants are `BitVector`s and
// comparisons name a `Comparison`, so `import HDL` brings both.
@_exported import BitVector

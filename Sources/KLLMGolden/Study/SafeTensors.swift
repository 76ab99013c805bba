import Foundation

/// Reads tensors from a `.safetensors` file: an 8-byte little-endian header
/// length N, N bytes of JSON (name → dtype, shape, data_offsets), then the raw
/// little-endian data. Every entry of a real checkpoint opens (F64, F32, F16,
/// BF16, I64, I32, I16, I8, U8, BOOL are converted to Float on request); only a
/// structurally broken file, or asking for a tensor of a dtype this reader does
/// not convert, is an error.
public struct SafeTensorsFile: Sendable {
    /// A malformed or unsupported file; says what is wrong.
    public struct FormatError: Error, Sendable, CustomStringConvertible, Equatable {
        public let path: String
        public let reason: String
        public var description: String { "malformed safetensors file \(path): \(reason)" }
    }

    /// One tensor's header entry.
    public struct Entry: Sendable {
        public let dtype: String
        public let shape: [Int]
        public let range: Range<Int>
    }

    public let path: String
    public let entries: [String: Entry]
    private let data: Data
    private let dataStart: Int

    public init(path: String) throws {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw FormatError(path: path, reason: "cannot read the file")
        }
        try self.init(data: d, path: path)
    }

    public init(data d: Data, path: String = "<memory>") throws {
        self.path = path
        func fail(_ r: String) -> FormatError { FormatError(path: path, reason: r) }
        guard d.count >= 8 else { throw fail("shorter than the 8-byte header length") }
        let bytes = [UInt8](d)
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << UInt64(8 * i) }
        guard n <= UInt64(d.count - 8) else { throw fail("header length \(n) exceeds the file (\(d.count) bytes)") }
        let header = d.subdata(in: 8..<(8 + Int(n)))
        guard let json = try? JSONSerialization.jsonObject(with: header), let dict = json as? [String: Any] else {
            throw fail("the header is not a JSON object")
        }
        let payload = d.count - 8 - Int(n)
        var entries: [String: Entry] = [:]
        for (name, value) in dict where name != "__metadata__" {
            guard let e = value as? [String: Any] else { throw fail("entry '\(name)' is not an object") }
            guard let dtype = e["dtype"] as? String else { throw fail("entry '\(name)' has no dtype") }
            guard let shape = e["shape"] as? [Int], shape.allSatisfy({ $0 >= 0 }) else { throw fail("entry '\(name)' has no valid shape") }
            guard let off = e["data_offsets"] as? [Int], off.count == 2, off[0] >= 0, off[0] <= off[1] else {
                throw fail("entry '\(name)' has no valid data_offsets")
            }
            guard off[1] <= payload else { throw fail("entry '\(name)' data_offsets \(off) run past the data (\(payload) bytes)") }
            let count = shape.reduce(1, *)
            if let size = Self.elementSize(dtype), count * size != off[1] - off[0] {
                throw fail("entry '\(name)': shape \(shape) of \(dtype) needs \(count * size) bytes, offsets give \(off[1] - off[0])")
            }
            entries[name] = Entry(dtype: dtype, shape: shape, range: off[0]..<off[1])
        }
        self.entries = entries
        self.data = d
        self.dataStart = 8 + Int(n)
    }

    /// The dtypes converted to Float.
    public static let convertedTypes = ["F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL"]

    static func elementSize(_ dtype: String) -> Int? {
        switch dtype {
        case "F64", "I64": return 8
        case "F32", "I32": return 4
        case "F16", "BF16", "I16": return 2
        case "I8", "U8", "BOOL": return 1
        default: return nil
        }
    }

    /// One line per tensor, sorted by name: `name  dtype  [shape]`.
    public var listing: [String] {
        entries.keys.sorted().map { name in
            let e = entries[name]!
            return "\(name)  \(e.dtype)  [\(e.shape.map(String.init).joined(separator: ", "))]"
        }
    }

    /// The tensor `name` as Floats with its shape.
    public func tensor(_ name: String) throws -> (shape: [Int], values: [Float]) {
        guard let e = entries[name] else {
            throw FormatError(path: path, reason: "no tensor '\(name)'; tensors: \(entries.keys.sorted().joined(separator: ", "))")
        }
        guard let size = Self.elementSize(e.dtype) else {
            throw FormatError(path: path, reason: "tensor '\(name)' has dtype \(e.dtype), which this reader does not convert "
                              + "(it converts \(Self.convertedTypes.joined(separator: ", ")))")
        }
        let raw = [UInt8](data[(dataStart + e.range.lowerBound)..<(dataStart + e.range.upperBound)])
        func word(_ i: Int) -> UInt64 {
            var v: UInt64 = 0
            for b in 0..<size { v |= UInt64(raw[i + b]) << UInt64(8 * b) }
            return v
        }
        let out: [Float] = stride(from: 0, to: raw.count, by: size).map { i in
            let w = word(i)
            switch e.dtype {
            case "F64": return Float(Double(bitPattern: w))
            case "F32": return Float(bitPattern: UInt32(w))
            case "BF16": return Float(bitPattern: UInt32(w) << 16)
            case "F16": return Float(Self.half(UInt16(w)))
            case "I64": return Float(Int64(bitPattern: w))
            case "I32": return Float(Int32(truncatingIfNeeded: w))
            case "I16": return Float(Int16(truncatingIfNeeded: w))
            case "I8": return Float(Int8(truncatingIfNeeded: w))
            case "U8": return Float(UInt8(w))
            default: return w != 0 ? 1 : 0   // BOOL
            }
        }
        return (e.shape, out)
    }

    /// IEEE binary16 to Float.
    static func half(_ h: UInt16) -> Float {
        let sign: Float = h & 0x8000 != 0 ? -1 : 1
        let exp = Int((h >> 10) & 0x1f), frac = Float(h & 0x3ff)
        if exp == 0 { return sign * frac / 1024 * powf(2, -14) }
        if exp == 31 { return frac == 0 ? sign * .infinity : .nan }
        return sign * (1 + frac / 1024) * powf(2, Float(exp - 15))
    }

    /// The tensor as a matrix: 2-D as is; 1-D as one row; more dimensions folded into rows.
    public func matrix(_ name: String) throws -> Matrix {
        let (shape, values) = try tensor(name)
        guard let cols = shape.last, cols > 0, !values.isEmpty else {
            throw FormatError(path: path, reason: "tensor '\(name)' with shape \(shape) is empty")
        }
        return Matrix(rows: values.count / cols, cols: cols, data: values)
    }

    /// Writes a file with the given F32 tensors (for tests and examples).
    public static func encode(_ tensors: [(name: String, shape: [Int], values: [Float])]) -> Data {
        encode(raw: tensors.map { t in
            var bytes: [UInt8] = []
            for v in t.values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
            return (t.name, "F32", t.shape, bytes)
        })
    }

    /// Writes a file of tensors given as raw little-endian bytes of any dtype.
    public static func encode(raw tensors: [(name: String, dtype: String, shape: [Int], bytes: [UInt8])]) -> Data {
        var json: [String] = []
        var payload = Data()
        for t in tensors {
            let start = payload.count
            payload.append(contentsOf: t.bytes)
            json.append("\"\(t.name)\":{\"dtype\":\"\(t.dtype)\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(start),\(payload.count)]}")
        }
        let header = Data("{\(json.joined(separator: ","))}".utf8)
        var len = UInt64(header.count).littleEndian
        var out = Data(bytes: &len, count: 8)
        out.append(header)
        out.append(payload)
        return out
    }
}

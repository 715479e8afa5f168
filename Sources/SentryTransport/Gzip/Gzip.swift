internal import CZlib

/// gzip compression for request bodies (`Content-Encoding: gzip`), through zlib.
public enum Gzip {
    /// Compresses `input` into a gzip stream at `level` (1 fastest … 9 smallest; 0 stores).
    /// Returns `nil` only if zlib itself fails (out of memory).
    public static func compress(_ input: [UInt8], level: Int = 6) -> [UInt8]? {
        var stream = z_stream()
        guard sentry_deflate_init_gzip(&stream, Int32(min(max(level, 0), 9))) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let status: Int32 = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = uInt(destination.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }
}

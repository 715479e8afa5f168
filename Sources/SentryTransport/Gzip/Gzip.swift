internal import CZlib

/// gzip compression for request bodies (`Content-Encoding: gzip`), through zlib.
public enum Gzip {
    /// Compresses `input` into a gzip stream at `level` (1 fastest … 9 smallest; 0 stores).
    /// Returns `nil` only if zlib itself fails (out of memory).
    public static func compress(_ input: [UInt8], level: Int = 6) -> [UInt8]? {
        GzipCompressor(level: level)?.compress(input)
    }
}

/// A reusable gzip compressor. zlib's ~256 KB of state is set up once and reset per body,
/// instead of being allocated, faulted in and freed for every envelope.
///
/// Not thread-safe: the transport's worker thread owns one.
public final class GzipCompressor {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)

    /// A compressor at `level` (0…9); `nil` when zlib cannot allocate its state.
    public init?(level: Int = 6) {
        stream.initialize(to: z_stream())
        guard sentry_deflate_init_gzip(stream, Int32(min(max(level, 0), 9))) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// `input` as one gzip stream; `nil` if zlib fails.
    public func compress(_ input: [UInt8]) -> [UInt8]? {
        guard deflateReset(stream) == Z_OK else { return nil }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(input.count))))
        let status: Int32 = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.pointee.avail_in = uInt(source.count)
                stream.pointee.next_out = destination.baseAddress
                stream.pointee.avail_out = uInt(destination.count)
                return deflate(stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeLast(output.count - Int(stream.pointee.total_out))
        return output
    }
}

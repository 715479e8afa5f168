internal import CZlib

/// gzip compression for request bodies (`Content-Encoding: gzip`), through zlib.
public enum Gzip {
    /// Compresses `input` into a gzip stream at `level` (1 fastest … 9 smallest; 0 stores).
    /// Returns `nil` only if zlib itself fails (out of memory).
    public static func compress(_ input: [UInt8], level: Int = 6) -> [UInt8]? {
        GzipCompressor(level: level)?.compress(input)
    }
}

/// A reusable gzip compressor. zlib's state is set up once and reset per body, instead of
/// being allocated, faulted in and freed for every envelope.
///
/// A reset clears zlib's hash table: at zlib's default size (64 KB) that was a fifth of the cost
/// of compressing a 2 KB envelope. Bodies up to ``smallInputLimit`` (nearly every envelope) go
/// through a stream with an 8 KB table (output of about the same size for them, a sixth of the
/// reset's cost); larger ones through a default-sized stream, set up when the first one comes.
///
/// Not thread-safe: the transport's worker thread owns one.
public final class GzipCompressor {
    /// The largest body the small stream compresses.
    public static let smallInputLimit = 64 * 1024

    private let level: Int32
    private let small: DeflateStream
    private var large: DeflateStream?

    /// A compressor at `level` (0…9); `nil` when zlib cannot allocate its state.
    public init?(level: Int = 6) {
        self.level = Int32(min(max(level, 0), 9))
        guard let small = DeflateStream(level: self.level, memoryLevel: 5) else { return nil }
        self.small = small
    }

    /// `input` as one gzip stream; `nil` if zlib fails.
    public func compress(_ input: [UInt8]) -> [UInt8]? {
        if input.count <= Self.smallInputLimit { return small.compress(input) }
        if large == nil { large = DeflateStream(level: level, memoryLevel: 8) }
        return large?.compress(input)
    }
}

/// One zlib deflate stream with the gzip wrapper, reset per body.
private final class DeflateStream {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)

    init?(level: Int32, memoryLevel: Int32) {
        stream.initialize(to: z_stream())
        guard sentry_deflate_init_gzip_mem(stream, level, memoryLevel) == Z_OK else {
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

    func compress(_ input: [UInt8]) -> [UInt8]? {
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

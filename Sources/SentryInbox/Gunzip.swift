import CZlib

/// Inflates gzip (or zlib-wrapped) request bodies with a hard limit on the output size.
enum Gunzip {
    /// Why a body could not be inflated.
    enum Failure: Error, Equatable {
        /// The stream ended before the compressed data did.
        case truncated
        /// The data is not a valid gzip or zlib stream; the message is zlib's.
        case corrupt(String)
        /// The inflated data would exceed the limit.
        case tooLarge(limit: Int)
    }

    /// Inflates `input`, failing once more than `limit` bytes would be produced.
    ///
    /// Bytes after the end of the first member are ignored, as most servers do.
    static func inflate(_ input: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        guard !input.isEmpty else { throw .truncated }
        var stream = z_stream()
        guard sentry_inflate_init_auto(&stream) == Z_OK else { throw .corrupt("inflateInit2 failed") }
        defer { inflateEnd(&stream) }

        var output: [UInt8] = []
        output.reserveCapacity(min(limit, max(input.count * 4, 4096)))
        let chunkSize = 64 * 1024
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var status: Int32 = Z_OK
        var failure: Failure?

        input.withUnsafeBufferPointer { inputBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
            var remainingInput = inputBuffer.count
            // zlib counts in 32-bit unsigned ints; feed at most 1 GiB at a time.
            func feed() {
                let step = min(remainingInput, 1 << 30)
                stream.avail_in = uInt(step)
                remainingInput -= step
            }
            feed()
            while true {
                let produced = chunk.withUnsafeMutableBufferPointer { chunkBuffer -> Int in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = uInt(chunkSize)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return chunkSize - Int(stream.avail_out)
                }
                if output.count + produced > limit {
                    failure = .tooLarge(limit: limit)
                    return
                }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    return
                case Z_OK:
                    if stream.avail_in == 0 && remainingInput > 0 { feed() }
                case Z_BUF_ERROR:
                    // No progress possible: either out of input (truncated) or, impossibly, out of output space.
                    if stream.avail_in == 0 && remainingInput > 0 {
                        feed()
                    } else {
                        failure = .truncated
                        return
                    }
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    failure = status == Z_MEM_ERROR ? .corrupt("out of memory") : .corrupt(message)
                    return
                }
            }
        }
        if let failure { throw failure }
        return output
    }
}

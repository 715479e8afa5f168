import SentryCore

/// Writes the two wire formats (`protocol.md` §8): the v2 `profile_chunk` and the v1 `profile`.
/// Stacks are frame indices leaf first; thread ids are numeric strings that key
/// `thread_metadata`; frames carry `instruction_addr` (and what local symbolication knew), and
/// `debug_meta.images` lists only the images those addresses fall in.
enum ProfilePayload {
    /// What a chunk needs besides its samples.
    struct ChunkMetadata {
        var profilerId: SentryId
        var chunkId: SentryId
        var release: String?
        var environment: String?
        var sdk: SdkInfo
        /// Converts a monotonic sample time (ns) to Unix seconds.
        var wallClock: (UInt64) -> Double
    }

    /// What a transaction profile needs besides its samples.
    struct TransactionMetadata {
        var profileId: SentryId
        var start: SentryTimestamp
        var startMonotonic: UInt64
        var durationNanoseconds: UInt64
        var release: String?
        var environment: String?
        var transactionId: SentryId
        var transactionName: String
        var traceId: SentryId
        var activeThreadId: Int32
    }

    static func chunk(_ slice: ProfileSlice, frames: [Frame], images: [DebugImage], metadata: ChunkMetadata) -> [UInt8] {
        var writer = JSONWriter(capacity: 4096 + slice.samples.count * 48 + frames.count * 64)
        writer.object { w in
            w.field("version", "2")
            w.field("profiler_id", metadata.profilerId)
            w.field("chunk_id", metadata.chunkId)
            w.field("platform", "native")
            w.field("release", metadata.release ?? "")
            w.field("environment", metadata.environment ?? "production")
            w.key("client_sdk")
            w.object { sdk in
                sdk.field("name", metadata.sdk.name)
                sdk.field("version", metadata.sdk.version)
            }
            writeDebugMeta(&w, images)
            w.key("profile")
            writeProfile(&w, slice, frames: frames) { w, sample in
                let seconds = metadata.wallClock(sample.timestamp)
                w.field("timestamp", (seconds * 1e6).rounded() / 1e6)
            }
        }
        return writer.bytes
    }

    static func transaction(_ slice: ProfileSlice, frames: [Frame], images: [DebugImage], metadata: TransactionMetadata) -> [UInt8] {
        var writer = JSONWriter(capacity: 4096 + slice.samples.count * 56 + frames.count * 64)
        writer.object { w in
            w.field("version", "1")
            w.field("platform", "native")
            w.field("event_id", metadata.profileId)
            w.field("timestamp", metadata.start.rfc3339)
            w.field("release", metadata.release ?? "")
            w.field("environment", metadata.environment ?? "production")
            w.key("device")
            w.object { $0.field("architecture", LoadedImage.architecture) }
            w.key("os")
            w.object {
                $0.field("name", ProfileEnvironment.os.name)
                $0.field("version", ProfileEnvironment.os.version)
            }
            w.key("runtime")
            w.object {
                $0.field("name", "swift")
                $0.field("version", ProfileEnvironment.swiftVersion)
            }
            writeDebugMeta(&w, images)
            w.key("transaction")
            w.object { t in
                t.field("id", metadata.transactionId)
                t.field("name", metadata.transactionName)
                t.field("trace_id", metadata.traceId)
                t.field("active_thread_id", String(metadata.activeThreadId))
                t.field("relative_start_ns", "0")
                t.field("relative_end_ns", String(metadata.durationNanoseconds))
            }
            w.key("profile")
            writeProfile(&w, slice, frames: frames) { w, sample in
                let elapsed = sample.timestamp >= metadata.startMonotonic ? sample.timestamp - metadata.startMonotonic : 0
                w.field("elapsed_since_start_ns", String(elapsed))
            }
        }
        return writer.bytes
    }

    private static func writeDebugMeta(_ w: inout JSONWriter, _ images: [DebugImage]) {
        w.key("debug_meta")
        w.object { $0.field("images", images) }
    }

    private static func writeProfile(
        _ w: inout JSONWriter, _ slice: ProfileSlice, frames: [Frame],
        time: (inout JSONWriter, ProfileSlice.Sample) -> Void
    ) {
        w.object { p in
            p.key("samples")
            p.array { array in
                for sample in slice.samples {
                    array.object { s in
                        time(&s, sample)
                        s.field("thread_id", String(sample.threadId))
                        s.field("stack_id", sample.stack)
                    }
                }
            }
            p.key("stacks")
            p.array { array in
                for stack in slice.stacks {
                    array.array { frames in
                        for frame in stack { frames.int(Int64(frame)) }
                    }
                }
            }
            p.field("frames", frames)
            p.key("thread_metadata")
            p.object { threads in
                for (tid, name) in slice.threadNames.sorted(by: { $0.key < $1.key }) {
                    threads.key(string: String(tid))
                    threads.object { if !name.isEmpty { $0.field("name", name) } }
                }
            }
        }
    }
}

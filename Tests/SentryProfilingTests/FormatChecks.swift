import SentryCore

/// Field-by-field checks of profiles against `protocol.md` §8 and Relay's limits. Each returns
/// the problems found (empty: valid).
enum ProfileFormat {
    static func isHex32(_ value: JSONValue?) -> Bool {
        guard let text = value?.stringValue, text.utf8.count == 32 else { return false }
        return text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func isHexAddress(_ value: JSONValue?) -> Bool {
        guard let text = value?.stringValue, text.hasPrefix("0x"), text.count > 2 else { return false }
        return UInt64(text.dropFirst(2), radix: 16) != nil
    }

    static func isDigits(_ value: JSONValue?) -> Bool {
        guard let text = value?.stringValue, !text.isEmpty else { return false }
        return text.utf8.allSatisfy { (48...57).contains($0) }
    }

    static func isUUID(_ value: JSONValue?) -> Bool {
        guard let text = value?.stringValue else { return false }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.map(\.count) == [8, 4, 4, 4, 12]
            && parts.allSatisfy { $0.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } }
    }

    static func members(_ value: JSONValue?) -> [String: JSONValue]? {
        if case .object(let members)? = value { return members }
        return nil
    }

    static func elements(_ value: JSONValue?) -> [JSONValue]? {
        if case .array(let elements)? = value { return elements }
        return nil
    }

    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let value)?: Double(value)
        case .double(let value)?: value
        default: nil
        }
    }

    /// The images and the `profile` object shared by both formats.
    static func checkBody(_ root: JSONValue, problems: inout [String]) {
        let images = elements(root["debug_meta"]?["images"]) ?? []
        if members(root["debug_meta"]) == nil { problems.append("debug_meta missing") }
        var ranges: [(UInt64, UInt64)] = []
        for image in images {
            if image["type"]?.stringValue != "elf" { problems.append("image type \(String(describing: image["type"]))") }
            if !isHexAddress(image["image_addr"]) { problems.append("image_addr") }
            if (number(image["image_size"]) ?? 0) <= 0 { problems.append("image_size") }
            if !isUUID(image["debug_id"]) { problems.append("debug_id \(String(describing: image["debug_id"]))") }
            if let codeId = image["code_id"]?.stringValue, codeId.isEmpty || UInt64(codeId.prefix(16), radix: 16) == nil {
                problems.append("code_id")
            }
            // A file's absolute path; the kernel's vDSO, the one image without a file, by its soname.
            let codeFile = image["code_file"]?.stringValue ?? ""
            if !codeFile.hasPrefix("/"), codeFile != "linux-vdso.so.1" { problems.append("code_file \(codeFile)") }
            if let start = image["image_addr"]?.stringValue.flatMap({ UInt64($0.dropFirst(2), radix: 16) }),
                let size = number(image["image_size"])
            {
                ranges.append((start, start + UInt64(size)))
            }
        }
        guard let profile = members(root["profile"]) else {
            problems.append("profile missing")
            return
        }
        let frames = elements(profile["frames"]) ?? []
        let stacks = elements(profile["stacks"]) ?? []
        let samples = elements(profile["samples"]) ?? []
        let threads = members(profile["thread_metadata"]) ?? [:]
        if frames.isEmpty { problems.append("no frames") }
        if stacks.isEmpty { problems.append("no stacks") }
        if samples.isEmpty { problems.append("no samples") }
        var addresses = Set<String>()
        var inImage = 0
        for frame in frames {
            guard isHexAddress(frame["instruction_addr"]), let text = frame["instruction_addr"]?.stringValue else {
                problems.append("frame without instruction_addr")
                continue
            }
            if !addresses.insert(text).inserted { problems.append("duplicate frame \(text)") }
            let address = UInt64(text.dropFirst(2), radix: 16) ?? 0
            if ranges.contains(where: { $0.0 <= address && address < $0.1 }) { inImage += 1 }
        }
        // Server-side symbolication: the frames' images are all listed.
        if !frames.isEmpty, Double(inImage) < 0.95 * Double(frames.count) {
            problems.append("only \(inImage) of \(frames.count) frames fall in a listed image")
        }
        var stackKeys = Set<[Int64]>()
        for stack in stacks {
            guard let indices = elements(stack), !indices.isEmpty else {
                problems.append("empty stack")
                continue
            }
            let values = indices.compactMap(\.intValue)
            if values.count != indices.count || values.contains(where: { $0 < 0 || $0 >= frames.count }) {
                problems.append("stack with a bad frame index")
            }
            if !stackKeys.insert(values).inserted { problems.append("duplicate stack") }
        }
        for sample in samples {
            guard let stack = sample["stack_id"]?.intValue, stack >= 0, stack < stacks.count else {
                problems.append("sample stack_id")
                continue
            }
            guard isDigits(sample["thread_id"]), let tid = sample["thread_id"]?.stringValue else {
                problems.append("sample thread_id not a numeric string")
                continue
            }
            if threads[tid] == nil { problems.append("thread \(tid) not in thread_metadata") }
        }
        for (key, value) in threads where !isDigits(.string(key)) || members(value) == nil {
            problems.append("thread_metadata \(key)")
        }
    }

    /// A v2 `profile_chunk` payload.
    static func checkChunk(_ root: JSONValue, bytes: Int) -> [String] {
        var problems: [String] = []
        if root["version"]?.stringValue != "2" { problems.append("version") }
        if !isHex32(root["profiler_id"]) { problems.append("profiler_id") }
        if !isHex32(root["chunk_id"]) { problems.append("chunk_id") }
        if root["platform"]?.stringValue != "native" { problems.append("platform") }
        if root["release"]?.stringValue == nil { problems.append("release") }
        if let environment = root["environment"]?.stringValue, environment.count > 64 { problems.append("environment too long") }
        if root["client_sdk"]?["name"]?.stringValue?.isEmpty != false { problems.append("client_sdk.name") }
        if root["client_sdk"]?["version"]?.stringValue?.isEmpty != false { problems.append("client_sdk.version") }
        checkBody(root, problems: &problems)
        let stamps = (elements(root["profile"]?["samples"]) ?? []).map { number($0["timestamp"]) }
        if stamps.contains(where: { $0 == nil }) { problems.append("sample timestamp not a number") }
        let values = stamps.compactMap { $0 }
        if let first = values.min(), let last = values.max() {
            if last - first > 60 { problems.append("chunk longer than 60 s") }
            if first < 1_600_000_000 { problems.append("timestamp not Unix seconds") }
        }
        if bytes > 50 * 1024 * 1024 { problems.append("over 50 MB") }
        return problems
    }

    /// A v1 `profile` payload.
    static func checkTransactionProfile(_ root: JSONValue, bytes: Int) -> [String] {
        var problems: [String] = []
        if root["version"]?.stringValue != "1" { problems.append("version") }
        if root["platform"]?.stringValue != "native" { problems.append("platform") }
        if !isHex32(root["event_id"]) { problems.append("event_id") }
        if SentryTimestampText.parse(root["timestamp"]?.stringValue) == nil { problems.append("timestamp") }
        if root["release"]?.stringValue == nil { problems.append("release") }
        if root["device"]?["architecture"]?.stringValue?.isEmpty != false { problems.append("device.architecture") }
        if root["os"]?["name"]?.stringValue?.isEmpty != false { problems.append("os.name") }
        if root["os"]?["version"]?.stringValue?.isEmpty != false { problems.append("os.version") }
        let transaction = root["transaction"]
        if !isHex32(transaction?["id"]) { problems.append("transaction.id") }
        if transaction?["name"]?.stringValue?.isEmpty != false { problems.append("transaction.name") }
        if !isHex32(transaction?["trace_id"]) { problems.append("transaction.trace_id") }
        if !isDigits(transaction?["active_thread_id"]) { problems.append("transaction.active_thread_id") }
        checkBody(root, problems: &problems)
        let samples = elements(root["profile"]?["samples"]) ?? []
        if samples.count < 2 { problems.append("fewer than 2 samples") }
        var elapsed: [UInt64] = []
        for sample in samples {
            guard isDigits(sample["elapsed_since_start_ns"]), let value = sample["elapsed_since_start_ns"]?.stringValue.flatMap({ UInt64($0) })
            else {
                problems.append("elapsed_since_start_ns not a numeric string")
                continue
            }
            elapsed.append(value)
        }
        if let last = elapsed.max(), last > 30_000_000_000 { problems.append("longer than 30 s") }
        if bytes > 50 * 1024 * 1024 { problems.append("over 50 MB") }
        return problems
    }
}

/// RFC 3339 timestamps as the SDK writes them (`2026-01-01T00:00:00.000Z`).
enum SentryTimestampText {
    static func parse(_ text: String?) -> Substring? {
        guard let text, text.count >= 20, text.hasSuffix("Z"), text.dropFirst(4).first == "-", text.dropFirst(10).first == "T"
        else { return nil }
        return text[...]
    }
}

import Foundation
import SentryCore
import Testing

@testable import SentryIntegrations

@Suite struct HostContextsTests {
    @Test func readsTheRealHost() throws {
        let host = HostContexts.read(includeArguments: false)
        #expect(host.os.name == "Linux")
        #expect(host.os.version == ProcessInfo.processInfo.operatingSystemVersionString.split(separator: " ").dropFirst().first.map(String.init)
            || host.os.version?.isEmpty == false)
        let osRelease = try String(contentsOfFile: "/etc/os-release", encoding: .utf8)
        if let id = osRelease.split(separator: "\n").first(where: { $0.hasPrefix("ID=") }) {
            #expect(host.os.distributionName == id.dropFirst(3).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }
        #expect(host.device.processorCount == ProcessInfo.processInfo.activeProcessorCount)
        #expect(host.device.memorySize == ProcessInfo.processInfo.physicalMemory)
        #expect(host.device.arch == "x86_64" || host.device.arch == "aarch64")
        #expect(host.runtime.name == "swift")
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        if let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("model name") }) {
            let model = line.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces)
            #expect(HostContexts.cpuModel() == model)
        }
        #expect(host.app.arguments.isEmpty)
        #expect(HostContexts.read(includeArguments: true).app.arguments == CommandLine.arguments)
    }

    @Test func theIntegrationFillsOnlyWhatIsMissing() throws {
        let installed = try #require(HostContextsIntegration().install(options: Options()))
        var event = Event()
        event.contexts.os = OSContext(name: "Custom")
        let processed = try #require(installed.eventProcessor?.process(event, hint: .none))
        #expect(processed.contexts.os?.name == "Custom")
        #expect(processed.contexts.runtime?.name == "swift")
        #expect(processed.contexts.device?.processorCount ?? 0 > 0)
        #expect(processed.serverName?.isEmpty == false)
    }
}

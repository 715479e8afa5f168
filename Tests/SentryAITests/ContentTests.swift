import SentryAI
import SentryCore
import SentryTesting
import Testing

@Suite struct ContentTests {
    @Test func messagesKeepTheNewestWithinTwentyKilobytes() throws {
        let messages = (0..<30).map { AIMessage.user("message \($0) " + String(repeating: "x", count: 1_000)) }
        let json = try #require(AIContent.messagesJSON(messages))
        #expect(json.utf8.count <= 20_000)
        let parsed = try JSONValue.parse(json)
        let kept = try #require(parsed.arrayValue)
        #expect(kept.count > 10 && kept.count < 30)
        let last = try #require(kept.last?["parts"]?[0]?["content"]?.stringValue)
        #expect(last.hasPrefix("message 29 "))
        let first = try #require(kept.first?["parts"]?[0]?["content"]?.stringValue)
        #expect(first.hasPrefix("message \(30 - kept.count) "))
    }

    @Test(arguments: [["stop"], ["custom_reason-2.1"], ["say \"hi\"\n"], ["tool_calls", "stop"], [], ["é"]])
    func finishReasonsAreAJSONArrayOfTheirStrings(_ reasons: [String]) throws {
        let parsed = try JSONValue.parse(AIContent.stringsJSON(reasons))
        #expect(parsed == .array(reasons.map { .string($0) }))
    }

    @Test func oneLongMessageIsCut() throws {
        let json = try #require(AIContent.messagesJSON([.user(String(repeating: "é", count: 50_000))]))
        let parsed = try JSONValue.parse(json)
        let content = try #require(parsed[0]?["parts"]?[0]?["content"]?.stringValue)
        #expect(content.count <= 10_000)
        #expect(json.utf8.count <= 20_000)
    }

    @Test func binaryDataIsSubstituted() throws {
        let json = try #require(
            AIContent.messagesJSON([
                AIMessage(role: .user, parts: [.text("data:image/png;base64,iVBORw0KGgo="), .blob(mimeType: "audio/wav")])
            ]))
        let parts = try JSONValue.parse(json)[0]?["parts"]
        #expect(parts?[0]?["content"] == "[Blob substitute]")
        #expect(parts?[1] == ["type": "blob", "mime_type": "audio/wav", "content": "[Blob substitute]"])
        #expect(AIContent.string(["image": "data:image/jpeg;base64,/9j/4AAQ"]) == #"{"image":"[Blob substitute]"}"#)
    }

    @Test func valuesBecomeJSONStringsWithinLimits() throws {
        #expect(AIContent.string("plain") == "plain")
        #expect(AIContent.string([1, 2]) == "[1,2]")
        let long = AIContent.string(.string(String(repeating: "a", count: 30_000)))
        #expect(long.utf8.count <= 20_000)
        #expect(long.hasSuffix("..."))
        #expect(AIContent.messagesJSON([]) == nil)
    }
}

public import SentryCore

extension SentrySDK {
    /// Wraps a streamed model response in a `gen_ai.{operation}` span that stays open until the
    /// stream ends (or fails, or its iterator is dropped). `chunk` maps each element to what
    /// the span needs; the span records `gen_ai.response.streaming`, the time to the first
    /// text, the summed usage of the chunks, finish reasons, and (when prompts may be sent)
    /// the streamed text as the output message. The span starts now, as a child of the
    /// active span.
    ///
    /// ```swift
    /// for try await delta in SentrySDK.traceAIStream(request, client.stream(messages)) { AIStreamChunk(text: $0.text, usage: $0.usage) } {
    ///     print(delta.text, terminator: "")
    /// }
    /// ```
    public static func traceAIStream<Base: AsyncSequence>(
        _ request: @autoclosure () -> AIRequest, _ stream: Base, chunk: @escaping @Sendable (Base.Element) -> AIStreamChunk
    ) -> TracedAIStream<Base> {
        guard !tracingIsOff else {
            return TracedAIStream(base: stream, state: nil, capturesErrors: isEnabled, chunk: chunk)
        }
        let started = AISpanRunner.start(kind: .client) { agentName in
            (clientStart(request(), agentName: agentName, streaming: true), nil)
        }
        return TracedAIStream(base: stream, state: AIStreamState(span: started.span), capturesErrors: true, chunk: chunk)
    }
}

/// A streamed model response that reports itself on its AI span while it is consumed; made by
/// ``SentrySDK/traceAIStream(_:_:chunk:)``. It yields the base stream's elements unchanged.
/// Iterate it once.
public struct TracedAIStream<Base: AsyncSequence>: AsyncSequence {
    /// The base stream's element.
    public typealias Element = Base.Element
    /// The base stream's error.
    public typealias Failure = Base.Failure

    @usableFromInline let base: Base
    @usableFromInline let state: AIStreamState?
    /// With no span (tracing off): whether a failing stream's error is still captured.
    @usableFromInline let capturesErrors: Bool
    @usableFromInline let chunk: @Sendable (Base.Element) -> AIStreamChunk

    init(base: Base, state: AIStreamState?, capturesErrors: Bool, chunk: @escaping @Sendable (Base.Element) -> AIStreamChunk) {
        self.base = base
        self.state = state
        self.capturesErrors = capturesErrors
        self.chunk = chunk
    }

    /// The iterator: the base's, observing each element.
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline var base: Base.AsyncIterator
        @usableFromInline let state: AIStreamState?
        @usableFromInline let capturesErrors: Bool
        @usableFromInline let chunk: @Sendable (Base.Element) -> AIStreamChunk

        @usableFromInline
        init(
            base: Base.AsyncIterator, state: AIStreamState?, capturesErrors: Bool,
            chunk: @escaping @Sendable (Base.Element) -> AIStreamChunk
        ) {
            self.base = base
            self.state = state
            self.capturesErrors = capturesErrors
            self.chunk = chunk
        }

        /// The next element; the span ends with the stream.
        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(Base.Failure) -> Base.Element? {
            guard let state else {
                guard capturesErrors else { return try await base.next(isolation: actor) }
                do {
                    return try await base.next(isolation: actor)
                } catch {
                    _ = AIErrorCapture.recorded(error)
                    throw error
                }
            }
            let element: Base.Element?
            do {
                element = try await base.next(isolation: actor)
            } catch {
                state.end(error: error)
                throw error
            }
            if let element {
                if state.isRecording { state.observe(chunk(element)) }
            } else {
                state.end(error: nil)
            }
            return element
        }

        /// The next element; the span ends with the stream.
        @inlinable
        public mutating func next() async throws(Base.Failure) -> Base.Element? {
            try await next(isolation: nil)
        }
    }

    /// Starts iterating.
    @inlinable
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), state: state, capturesErrors: capturesErrors, chunk: chunk)
    }
}

extension TracedAIStream: Sendable where Base: Sendable {}

/// The span of one streamed response and what the chunks added up to; finishes the span when
/// the stream ends, or when the last iterator is dropped (status `cancelled`).
///
/// `@unchecked Sendable`: every `var` is only touched while holding `lock`.
@usableFromInline
final class AIStreamState: @unchecked Sendable {
    let span: AISpan
    @usableFromInline let isRecording: Bool
    let recordsContent: Bool
    private let lock = Locked(())
    private let started = ContinuousClock.now
    private var usage: AIUsage?
    private var sawText = false
    private var text = ""
    private var finishReasons: [String] = []
    private var responseId: String?
    private var model: String?
    private var ended = false

    init(span: AISpan) {
        self.span = span
        self.isRecording = span.span.isSampled
        self.recordsContent = span.recordsContent
    }

    deinit {
        if !ended {
            span.span.setStatus(.cancelled)
            write()
            AISpanRunner.finish(span)
        }
    }

    @usableFromInline
    func observe(_ chunk: AIStreamChunk) {
        let firstText: Duration? = lock.withLock { _ in
            if let usage = chunk.usage { self.usage = (self.usage ?? .zero) + usage }
            if let reason = chunk.finishReason { finishReasons.append(reason) }
            if let id = chunk.responseId { responseId = id }
            if let model = chunk.model { self.model = model }
            guard let piece = chunk.text, !piece.isEmpty else { return nil }
            if recordsContent, text.utf8.count < AIContent.maxAttributeBytes { text += piece }
            guard !sawText else { return nil }
            sawText = true
            return ContinuousClock.now - started
        }
        if let firstText {
            let seconds = Double(firstText.components.seconds) + Double(firstText.components.attoseconds) / 1e18
            span.span.setData(.double(seconds), forKey: GenAIKey.responseTimeToFirstToken)
        }
    }

    @usableFromInline
    func end(error: (any Error)?) {
        let first = lock.withLock { _ in
            defer { ended = true }
            return !ended
        }
        guard first else { return }
        if let error {
            Scopes.withActiveSpan(span.span) { AIErrorCapture.record(error, on: span.span) }
        }
        write()
        AISpanRunner.finish(span)
    }

    private func write() {
        guard isRecording else { return }
        let response = lock.withLock { _ in
            AIResponse(
                id: responseId, model: model, finishReasons: finishReasons,
                output: text.isEmpty ? [] : [.assistant(text)], usage: usage)
        }
        span.record(response)
    }
}

// workos-emulator — HTTP1 module.
// Licensed under the MIT License.

/// A synchronous request handler: the router's endpoints and the whole application have this shape.
public typealias HTTPHandler = @Sendable (HTTPRequest) throws -> HTTPResponse

/// Wraps a handler: inspects or changes the request, calls `next` (or not), inspects or changes the response.
public typealias Middleware = @Sendable (HTTPRequest, _ next: HTTPHandler) throws -> HTTPResponse

/// Composes middleware around `handler`; the first element is the outermost (runs first on the way in).
public func applying(_ middleware: [Middleware], to handler: @escaping HTTPHandler) -> HTTPHandler {
    middleware.reversed().reduce(handler) { next, layer in
        { request in try layer(request, next) }
    }
}

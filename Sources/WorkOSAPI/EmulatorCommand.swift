// workos-emulator — the command line (emulator.md "Command line").
// Licensed MIT.

import ArgumentParser
import Dispatch
import Foundation

/// `workos-emulator [--host H] [--port P] [--db PATH] [--seed FILE] [--api-key KEY] [--client-id ID]
/// [--inspector-token TOKEN] [--webhook-max-attempts N] [--webhook-retry-delay-ms MS]`.
/// Each flag falls back to its environment variable, then to its default.
public struct EmulatorCommand: AsyncParsableCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "workos-emulator",
        abstract: "A self-hosted server that speaks the WorkOS REST API, for offline development and tests."
    )

    @Option(help: "Address to bind (env WORKOS_EMULATOR_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free port (env WORKOS_EMULATOR_PORT; default 8484).")
    var port: Int?

    @Option(help: "SQLite file, or :memory: (env WORKOS_EMULATOR_DB; default workos-emulator.sqlite).")
    var db: String?

    @Option(help: "Seed file applied once to a new database (env WORKOS_EMULATOR_SEED; default the bundled seed).")
    var seed: String?

    @Option(help: "API key of the default environment (env WORKOS_API_KEY; default sk_test_emulator).")
    var apiKey: String?

    @Option(help: "Client id of the default environment (env WORKOS_CLIENT_ID; default client_emulator).")
    var clientID: String?

    @Option(
        help: """
            Opens GET /_emulator/inspector to non-loopback clients presenting this token, 16-256 characters \
            (env WORKOS_EMULATOR_INSPECTOR_TOKEN; default: loopback only).
            """
    )
    var inspectorToken: String?

    @Option(
        help: """
            Webhook deliveries: attempts before a delivery is failed, 1-100 \
            (env WORKOS_EMULATOR_WEBHOOK_MAX_ATTEMPTS; default 6).
            """
    )
    var webhookMaxAttempts: Int?

    @Option(
        help: """
            Webhook deliveries: wait after the first failed attempt in milliseconds, doubling after each \
            (env WORKOS_EMULATOR_WEBHOOK_RETRY_DELAY_MS; default 1000).
            """
    )
    var webhookRetryDelayMs: Int?

    /// Parsed by ArgumentParser.
    public init() {}

    /// Flags over environment variables over defaults.
    func makeConfiguration(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> Configuration
    {
        func pick(_ flag: String?, _ variable: String) -> String? {
            if let flag { return flag }
            if let value = environment[variable], !value.isEmpty { return value }
            return nil
        }
        var configuration = Configuration()
        configuration.host = pick(self.host, "WORKOS_EMULATOR_HOST") ?? configuration.host
        if let port = self.port {
            configuration.port = port
        } else if let text = pick(nil, "WORKOS_EMULATOR_PORT") {
            guard let port = Int(text) else {
                throw ValidationError("WORKOS_EMULATOR_PORT must be a number, got '\(text)'.")
            }
            configuration.port = port
        }
        guard (0...65_535).contains(configuration.port) else {
            throw ValidationError("The port must be between 0 and 65535, got \(configuration.port).")
        }
        configuration.databasePath = pick(self.db, "WORKOS_EMULATOR_DB") ?? configuration.databasePath
        configuration.seedPath = pick(self.seed, "WORKOS_EMULATOR_SEED")
        configuration.apiKey = pick(self.apiKey, "WORKOS_API_KEY")
        configuration.clientID = pick(self.clientID, "WORKOS_CLIENT_ID")
        configuration.inspectorToken = pick(self.inspectorToken, "WORKOS_EMULATOR_INSPECTOR_TOKEN")
        if let token = configuration.inspectorToken, let problem = InspectorAccess.problem(withToken: token) {
            throw ValidationError("The inspector token \(problem).")
        }
        configuration.webhookRetryPolicy.maxAttempts = try Self.number(
            self.webhookMaxAttempts, environment["WORKOS_EMULATOR_WEBHOOK_MAX_ATTEMPTS"],
            name: "The webhook max attempts", range: 1...100, default: configuration.webhookRetryPolicy.maxAttempts
        )
        let delay = try Self.number(
            self.webhookRetryDelayMs, environment["WORKOS_EMULATOR_WEBHOOK_RETRY_DELAY_MS"],
            name: "The webhook retry delay", range: 0...3_600_000, default: 1000
        )
        configuration.webhookRetryPolicy.baseDelay = .milliseconds(delay)
        return configuration
    }

    /// A whole number from the flag, else the environment variable (when not empty), else `fallback`; outside
    /// `range` it is a usage error naming the setting.
    private static func number(
        _ flag: Int?,
        _ variable: String?,
        name: String,
        range: ClosedRange<Int>,
        default fallback: Int
    ) throws -> Int {
        var value = fallback
        if let flag {
            value = flag
        } else if let text = variable, !text.isEmpty {
            guard let parsed = Int(text) else { throw ValidationError("\(name) must be a number, got '\(text)'.") }
            value = parsed
        }
        guard range.contains(value) else {
            throw ValidationError("\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(value).")
        }
        return value
    }

    /// Starts the emulator, prints `listening on http://HOST:PORT`, and serves until SIGINT or SIGTERM.
    public func run() async throws {
        let configuration = try self.makeConfiguration()
        let application: Application
        do {
            application = try Application.build(configuration: configuration)
        } catch {
            Log.standardError("workos-emulator: \(error)")
            throw ExitCode.failure
        }
        // SIGINT/SIGTERM: stop accepting, let in-flight requests finish, close the database. Installed before the
        // server starts, so a signal sent as soon as the `listening on` line appears is already handled.
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { application.stop() }
            source.resume()
            sources.append(source)
        }
        let port: Int
        do {
            port = try application.start()
        } catch {
            Log.standardError("workos-emulator: \(error)")
            throw ExitCode.failure
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        Log.standardOutput("workos-emulator listening on http://\(host):\(port)")

        try await application.run()
        sources.forEach { $0.cancel() }
        Log.standardError("workos-emulator stopped")
    }
}

extension EmulatorCommand {
    /// Parses the process arguments and runs, picking the `async` entry point explicitly (the synchronous
    /// `ParsableCommand.main()` would otherwise be chosen from top-level code and refuse to run an async command).
    public static func runFromCommandLine() async {
        let entry: () async -> Void = Self.main
        await entry()
    }
}

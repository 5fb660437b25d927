// The process exit codes tempmectl documents, so every tool built on this client fails the same way.

/// Exit codes: 0 ok, 1 server error, 2 usage, 3 daemon unavailable, 4 not found.
public enum TempMeExitCode {
    /// The command did what was asked.
    public static let ok: Int32 = 0
    /// The daemon (or this process) failed the request.
    public static let serverError: Int32 = 1
    /// The command line was wrong.
    public static let usage: Int32 = 2
    /// The daemon could not be reached, is not serving, or the deadline passed.
    public static let unavailable: Int32 = 3
    /// The record, file or backup asked for does not exist.
    public static let notFound: Int32 = 4
}

namespace MspHub.Tool;

/// <summary>
/// A command line the tool cannot act on (an unknown option, a missing value, a number that is not one).
/// Reported with the command's usage and <see cref="ExitCodes.Usage"/>, never as a stack trace.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);

namespace MspHub.Tool;

/// <summary>
/// Where a command writes and what time it is: the process's console and clock in the tool, writers and a fixed
/// clock in tests, which run every command in-process.
/// </summary>
/// <param name="Out">Results: what a script pipes on.</param>
/// <param name="Error">Usage errors, failures and findings that explain a non-zero exit.</param>
/// <param name="Time">The clock licences are issued and checked against.</param>
internal sealed record ToolConsole(TextWriter Out, TextWriter Error, TimeProvider Time);

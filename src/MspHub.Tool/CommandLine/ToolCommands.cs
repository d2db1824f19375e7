using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace MspHub.Tool;

/// <summary>
/// The <c>msphub</c> entry point: picks the command the leading words name, parses the rest against it and runs
/// it. Every command answers <c>--help</c>; a wrong command line prints what was wrong and the usage and exits
/// with <see cref="ExitCodes.Usage"/>; a file, key or database that cannot be used prints one line and exits with
/// <see cref="ExitCodes.Failure"/>. None of them prints a stack trace.
/// </summary>
internal static class ToolCommands
{
    /// <summary>Every command, grouped by their first word.</summary>
    public static IReadOnlyList<Command> All { get; } = [.. LicenceCommands.All, .. AuditCommands.All, .. IsolationCommands.All];

    /// <summary>Runs the command line <paramref name="args"/>; returns one of <see cref="ExitCodes"/>.</summary>
    public static async Task<int> RunAsync(string[] args, ToolConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var help = args.Any(a => a is "--help" or "-h");
        var command = All.FirstOrDefault(c => Selects(c, args));
        if (command is null)
        {
            return Overview(args, help, console);
        }

        var rest = args[command.Name.Split(' ').Length..];
        if (help)
        {
            console.Out.Write(command.Help);
            return ExitCodes.Ok;
        }

        try
        {
            var arguments = ParsedArguments.Parse(command, rest);
            return await command.RunAsync(arguments, console, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException usage)
        {
            console.Error.WriteLine($"msphub {command.Name}: {usage.Message}");
            console.Error.WriteLine($"usage: {command.Usage}");
            console.Error.WriteLine($"Run 'msphub {command.Name} --help' for more.");
            return ExitCodes.Usage;
        }
        catch (Exception failure) when (CannotRun(failure) is { } reason)
        {
            // One line: PostgreSQL's messages go on with a DETAIL line.
            console.Error.WriteLine($"msphub {command.Name}: {reason.Split('\n', 2)[0].TrimEnd()}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine($"msphub {command.Name}: cancelled.");
            return ExitCodes.Failure;
        }
    }

    // Failures of what the command was pointed at (a file, a key, a server), as opposed to bugs, which keep their stack trace.
    private static string? CannotRun(Exception failure) => failure switch
    {
        // .NET appends " (Parameter 'name')" to an argument's message: the parameter is the tool's, not the operator's.
        ArgumentException { ParamName: { } parameter } argument => argument.Message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal),
        IOException or UnauthorizedAccessException or CryptographicException or DbException or ArgumentException or FormatException or MspHubException
            => failure.Message,
        // EF Core wraps a connection failure in its execution strategy's "likely due to a transient failure", and a failed
        // write (the export's own record, into a read-only file or onto a corrupted head) in DbUpdateException.
        InvalidOperationException { InnerException: DbException database } => database.Message,
        DbUpdateException { InnerException: DbException database } => database.Message,
        _ => null,
    };

    private static bool Selects(Command command, string[] args)
    {
        var words = command.Name.Split(' ');
        return args.Length >= words.Length && words.Select((word, i) => args[i] == word).All(match => match);
    }

    // No command matched: the whole list, or one group's commands, on request (--help) or after a usage error.
    private static int Overview(string[] args, bool help, ToolConsole console)
    {
        if (args is ["--version"])
        {
            console.Out.WriteLine(typeof(ToolCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
            return ExitCodes.Ok;
        }

        var words = args.TakeWhile(a => !a.StartsWith('-')).ToArray();
        var group = words.Length > 0 && All.Any(c => c.Name.StartsWith(words[0] + " ", StringComparison.Ordinal)) ? words[0] : null;
        var listed = All.Where(c => group is null || c.Name.StartsWith(group + " ", StringComparison.Ordinal)).ToList();
        var overview = new StringBuilder()
            .AppendLine(group is null ? "msphub: MspHub's vendor and operator commands." : $"msphub {group}: its commands are")
            .AppendLine();
        var width = listed.Max(c => c.Name.Length);
        foreach (var command in listed)
        {
            overview.AppendLine(CultureInfo.InvariantCulture, $"  msphub {command.Name.PadRight(width)}  {command.Summary}");
        }

        overview.AppendLine().AppendLine("Run 'msphub <command> --help' for a command's arguments, 'msphub --version' for the tool's version.");
        if (help && (words.Length == 0 || (group is not null && words.Length == 1)))
        {
            console.Out.Write(overview);
            return ExitCodes.Ok;
        }

        console.Error.WriteLine(words.Length == 0 || (group is not null && words.Length == 1)
            ? "msphub: name a command."
            : $"msphub: unknown command '{string.Join(' ', words)}'.");
        console.Error.Write(overview);
        return ExitCodes.Usage;
    }
}

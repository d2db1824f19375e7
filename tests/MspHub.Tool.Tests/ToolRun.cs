using MspHub.Tool;

namespace MspHub.Tool.Tests;

/// <summary>What one in-process run of <c>msphub</c> printed and exited with.</summary>
public sealed record ToolRun(int Exit, string Output, string Error)
{
    /// <summary>Runs <c>msphub</c> with <paramref name="args"/> against <paramref name="time"/>, as the installed tool would.</summary>
    public static async Task<ToolRun> RunAsync(TimeProvider time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ToolCommands.RunAsync(args, new ToolConsole(output, error, time), CancellationToken.None);
        return new ToolRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>msphub</c> on the system clock.</summary>
    public static Task<ToolRun> RunAsync(params string[] args) => RunAsync(TimeProvider.System, args);
}

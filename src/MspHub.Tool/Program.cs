using MspHub.Tool;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) =>
{
    // The first Ctrl+C asks the running command to stop (a database command is cancelled instead of abandoned); a
    // second ends the process, should the command not stop.
    press.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return await ToolCommands.RunAsync(args, new ToolConsole(Console.Out, Console.Error, TimeProvider.System), cancellation.Token);

using System.Globalization;
using System.Text;

namespace MspHub.Tool;

/// <summary>
/// One <c>msphub</c> command (<c>licence issue</c>, <c>isolation check</c>): its words, what it is for, what it
/// accepts, and what runs it. Help and usage errors are generated from the same description the parser uses.
/// </summary>
/// <param name="Name">The words that select it, as typed: <c>licence issue</c>.</param>
/// <param name="Summary">One line saying what it is for.</param>
/// <param name="Positionals">Its positional arguments, in order.</param>
/// <param name="Options">Its options.</param>
/// <param name="RunAsync">Runs it; returns one of <see cref="ExitCodes"/>.</param>
internal sealed record Command(
    string Name,
    string Summary,
    IReadOnlyList<PositionalSpec> Positionals,
    IReadOnlyList<OptionSpec> Options,
    Func<ParsedArguments, ToolConsole, CancellationToken, Task<int>> RunAsync)
{
    /// <summary>The usage line: <c>msphub licence inspect &lt;licence file&gt; --key &lt;public.pem&gt;</c>.</summary>
    public string Usage =>
        string.Join(' ', new[] { $"msphub {Name}" }.Concat(Positionals.Select(p => p.Name)).Concat(Options.Select(o => o.Synopsis)));

    /// <summary>What <c>--help</c> prints: the summary, the usage line and every argument with its description.</summary>
    public string Help
    {
        get
        {
            var help = new StringBuilder().AppendLine(Summary).AppendLine().AppendLine(CultureInfo.InvariantCulture, $"usage: {Usage}");
            var rows = Positionals.Select(p => (p.Name, p.Description))
                .Concat(Options.Select(o => (o.IsFlag ? $"--{o.Name}" : $"--{o.Name} {o.Value}", o.Description)))
                .Append(("--help", "Show this help."))
                .ToList();
            var width = rows.Max(r => r.Item1.Length);
            help.AppendLine();
            foreach (var (name, description) in rows)
            {
                help.AppendLine(CultureInfo.InvariantCulture, $"  {name.PadRight(width)}  {description}");
            }

            return help.ToString();
        }
    }
}

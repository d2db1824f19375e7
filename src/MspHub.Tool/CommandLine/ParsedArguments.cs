using System.Globalization;

namespace MspHub.Tool;

/// <summary>
/// A command line parsed against a <see cref="Command"/>'s options and positional arguments. Parsing refuses
/// what the command does not accept (unknown options, a missing value, an extra argument), so a typo never
/// silently falls back to a default.
/// </summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    private ParsedArguments()
    {
    }

    /// <summary>The positional arguments, in order.</summary>
    public IReadOnlyList<string> Positionals => _positionals;

    /// <summary>Parses <paramref name="arguments"/> (the words after the command's name); <c>--name value</c> and <c>--name=value</c> both work.</summary>
    /// <exception cref="UsageException">The arguments do not fit the command.</exception>
    public static ParsedArguments Parse(Command command, IReadOnlyList<string> arguments)
    {
        var parsed = new ParsedArguments();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.StartsWith("--", StringComparison.Ordinal) || argument.Length == 2)
            {
                if (parsed._positionals.Count == command.Positionals.Count)
                {
                    throw new UsageException($"unexpected argument '{argument}'.");
                }

                parsed._positionals.Add(argument);
                continue;
            }

            var (name, inline) = argument.IndexOf('=', StringComparison.Ordinal) is var equals and > 0
                ? (argument[2..equals], argument[(equals + 1)..])
                : (argument[2..], null);
            var option = command.Options.FirstOrDefault(o => o.Name == name)
                ?? throw new UsageException($"unknown option --{name}.");
            string value;
            if (option.IsFlag)
            {
                value = inline is null ? "true" : throw new UsageException($"--{name} takes no value.");
            }
            else if (inline is not null)
            {
                value = inline;
            }
            else if (i + 1 < arguments.Count && !arguments[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = arguments[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a value: --{name} {option.Value}.");
            }

            if (!parsed._options.TryGetValue(name, out var values))
            {
                parsed._options[name] = values = [];
            }
            else if (!option.Repeatable)
            {
                throw new UsageException($"--{name} was given more than once.");
            }

            values.Add(value);
        }

        if (parsed._positionals.Count < command.Positionals.Count)
        {
            throw new UsageException($"missing {command.Positionals[parsed._positionals.Count].Name}.");
        }

        if (command.Options.FirstOrDefault(o => o.Required && !parsed._options.ContainsKey(o.Name)) is { } missing)
        {
            throw new UsageException($"--{missing.Name} is required.");
        }

        return parsed;
    }

    /// <summary>The value of an option given at most once, or <see langword="null"/> when it was not given.</summary>
    public string? Option(string name) => _options.TryGetValue(name, out var values) ? values[0] : null;

    /// <summary>Every value of a repeatable option, in the order given.</summary>
    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out var values) ? values : [];

    /// <summary>The value of an option the command declared required, which parsing guarantees is there.</summary>
    public string Required(string name) => Option(name) ?? throw new InvalidOperationException($"--{name} is not declared required.");

    /// <summary>Whether a flag was given.</summary>
    public bool Flag(string name) => _options.ContainsKey(name);

    /// <summary>An option's value as a whole number, or <paramref name="fallback"/> when it was not given.</summary>
    /// <exception cref="UsageException">The value is not a whole number in range.</exception>
    public int Int32(string name, int fallback, int minimum = int.MinValue, int maximum = int.MaxValue) =>
        Option(name) is not { } text
            ? fallback
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
                ? value
                : throw new UsageException($"--{name} '{text}' is not a whole number{Range(minimum, maximum)}.");

    private static string Range(int minimum, int maximum) => (minimum > int.MinValue, maximum < int.MaxValue) switch
    {
        (true, true) => $" from {minimum} to {maximum}",
        (true, false) => $" of at least {minimum}",
        (false, true) => $" of at most {maximum}",
        _ => "",
    };
}

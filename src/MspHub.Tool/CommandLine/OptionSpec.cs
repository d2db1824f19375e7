namespace MspHub.Tool;

/// <summary>One <c>--name</c> a command accepts, described once so parsing, usage errors and help all agree.</summary>
/// <param name="Name">The name without the leading dashes.</param>
/// <param name="Value">What the value is, as help shows it (<c>&lt;file&gt;</c>); <see langword="null"/> for a flag that takes none.</param>
/// <param name="Description">What it does, for help.</param>
/// <param name="Required">Whether the command refuses to run without it.</param>
/// <param name="Repeatable">Whether it may be given more than once (each value is kept).</param>
internal sealed record OptionSpec(string Name, string? Value, string Description, bool Required = false, bool Repeatable = false)
{
    /// <summary>Whether the option is a flag, present or absent, with no value.</summary>
    public bool IsFlag => Value is null;

    /// <summary>How the option reads in a usage line: <c>--key &lt;file&gt;</c>, optional ones in brackets, repeatable ones with dots.</summary>
    public string Synopsis
    {
        get
        {
            var text = IsFlag ? $"--{Name}" : $"--{Name} {Value}";
            text = Required ? text : $"[{text}]";
            return Repeatable ? $"{text}..." : text;
        }
    }
}

/// <summary>One positional argument a command needs, in order.</summary>
/// <param name="Name">What it is, as help shows it (<c>&lt;dir&gt;</c>).</param>
/// <param name="Description">What it does, for help.</param>
internal sealed record PositionalSpec(string Name, string Description);

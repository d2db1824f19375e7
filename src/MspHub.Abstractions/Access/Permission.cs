using System.Diagnostics.CodeAnalysis;

namespace MspHub;

/// <summary>
/// Something a user may do: an action on a resource, written <c>resource.action</c> (for example
/// <c>automs.create</c>). The host declares its permissions with <c>hub.AddPermissions(...)</c>.
/// </summary>
/// <param name="Resource">The resource, lowercase letters, digits and dashes (for example <c>api-keys</c>).</param>
/// <param name="Action">The action, lowercase letters, digits and dashes (for example <c>view</c> or <c>generate</c>).</param>
[SuppressMessage("Naming", "CA1711", Justification = "The rule guards .NET Framework's code-access security types; here 'permission' is the access model's own term.")]
public readonly record struct Permission(string Resource, string Action)
{
    /// <summary>Parses <c>resource.action</c>.</summary>
    /// <exception cref="FormatException">The text is not two non-empty names joined by one dot.</exception>
    public static Permission Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var permission)
            ? permission
            : throw new FormatException($"'{text}' is not a permission; write it as resource.action, for example 'automs.create'.");
    }

    /// <summary>Parses <c>resource.action</c> without throwing, for configuration checked at start.</summary>
    /// <returns>Whether the text is two non-empty names joined by one dot.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out Permission permission)
    {
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (text is null || dot <= 0 || dot == text.Length - 1 || text.IndexOf('.', dot + 1) >= 0)
        {
            permission = default;
            return false;
        }

        permission = new Permission(text[..dot], text[(dot + 1)..]);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Resource}.{Action}";
}

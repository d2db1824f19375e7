namespace MspHub.SampleHub.Operations;

/// <summary>Checks of what users type, failing with a message the page or the API shows as it is.</summary>
public static class Input
{
    public const int MaxNameLength = 100;

    public static string Name(string? value, string what)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? throw new ArgumentException($"{what} is required.")
            : trimmed.Length > MaxNameLength ? throw new ArgumentException($"{what} is at most {MaxNameLength} characters.")
            : trimmed;
    }

    public static double Threshold(double value) =>
        value is > 0 and <= 100 ? value : throw new ArgumentException($"A threshold is a percentage above 0 and at most 100 (got {value}).");
}

namespace MspHub;

/// <summary>Checks shared by the model types, so each rule reads the same and fails with the same kind of message everywhere.</summary>
internal static class Guard
{
    /// <summary>Returns <paramref name="value"/>, refusing <see cref="Guid.Empty"/>, which is never a real id.</summary>
    public static Guid Id(Guid value, string what) =>
        value != Guid.Empty ? value : throw new ArgumentException($"{what} must not be Guid.Empty.", nameof(value));

    /// <summary>Returns <paramref name="value"/> if it is not blank and at most <paramref name="maxLength"/> characters long.</summary>
    public static string Name(string value, string what, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{what} is required and must not be only white space.", nameof(value));
        }

        return value.Length <= maxLength
            ? value
            : throw new ArgumentException($"{what} must be at most {maxLength} characters long (this one has {value.Length}).", nameof(value));
    }

    /// <summary>
    /// <paramref name="value"/> in UTC to the whole millisecond: the precision every supported database keeps
    /// exactly, so a stored time equals the one that was written.
    /// </summary>
    public static DateTimeOffset UtcMilliseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}

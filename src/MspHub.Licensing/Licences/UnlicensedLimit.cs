namespace MspHub.Licensing;

/// <summary>
/// What a refusal at a limit says when the limit is 0 because there is no valid licence, so the caller is not told
/// to raise a limit nobody can raise without one.
/// </summary>
internal static class UnlicensedLimit
{
    /// <summary>The reason, or <see langword="null"/> while a valid licence is in force.</summary>
    public static string? Reason(ILicensing licensing) =>
        licensing.Status is { Licence: null } status
            ? $"the limit is 0 because there is no valid licence ({status.Problem}); install a valid licence to raise it"
            : null;
}

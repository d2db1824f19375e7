namespace MspHub.Licensing;

/// <summary>The outcome of checking a licence document: the licence, or the reason it was refused.</summary>
public sealed record LicenceVerification
{
    private LicenceVerification(Licence? licence, LicenceProblem? problem, string? detail)
    {
        Licence = licence;
        Problem = problem;
        Detail = detail;
    }

    /// <summary>The licence, when it was accepted.</summary>
    public Licence? Licence { get; }

    /// <summary>Why it was refused, when it was.</summary>
    public LicenceProblem? Problem { get; }

    /// <summary>A sentence saying what was wrong, for logs and the host's licence page.</summary>
    public string? Detail { get; }

    /// <summary>Whether the licence was accepted.</summary>
    public bool IsValid => Licence is not null;

    internal static LicenceVerification Accepted(Licence licence) => new(licence, null, null);

    internal static LicenceVerification Refused(LicenceProblem problem, string detail) => new(null, problem, detail);
}

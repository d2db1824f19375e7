namespace MspHub.Tool;

/// <summary>
/// What <c>msphub</c> exits with, the same for every command, so a script or CI step can tell a finding (a
/// licence that does not verify, an unsound row-level security posture) from a mistyped command line and from
/// a check that could not run at all.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked, and what it checked is sound.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and found a problem, which it printed.</summary>
    public const int Finding = 1;

    /// <summary>The command line was wrong; nothing ran. The message and the command's usage were printed.</summary>
    public const int Usage = 2;

    /// <summary>The command could not run: a file, key or database it needed could not be read or reached.</summary>
    public const int Failure = 3;
}

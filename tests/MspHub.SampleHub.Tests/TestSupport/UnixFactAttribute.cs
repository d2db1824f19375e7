namespace MspHub.SampleHub.Tests.TestSupport;

/// <summary>A test of Unix file modes, skipped on Windows, which has none.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "checks Unix file modes; on Windows the files take the data folder's access list";
        }
    }
}

namespace MspHub.AspNetCore.Tests.TestSupport;

/// <summary>The repository the tests run in, for tests that read its docs and sources.</summary>
internal static class Repository
{
    /// <summary>The folder holding MspHub.sln, found from the test binaries upwards.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MspHub.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository.");
    }
}

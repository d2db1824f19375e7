using MspHub.LicenseTool;

namespace MspHub.Tests.Licences;

public sealed class LicenceToolShould : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("msphub-licence-tool-").FullName;
    private readonly ManualTimeProvider _clock = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = LicenceTool.Run(args, output, error, _clock);
        return (exit, output.ToString(), error.ToString());
    }

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void Generate_keys_issue_a_licence_and_inspect_it()
    {
        Assert.Equal(0, Run("keygen", _directory).Exit);
        var issue = Run("issue", "--key", PathOf("licence-private.pem"), "--licensee", "Northwind MSP", "--edition", "msp", "--max-tenants", "50",
            "--feature", "vault", "--feature", "ai-agents", "--quota", "automs=10", "--days", "30", "--id", "lic-0001", "--out", PathOf("licence.txt"));
        var inspect = Run("inspect", PathOf("licence.txt"), "--key", PathOf("licence-public.pem"));

        Assert.Equal(0, issue.Exit);
        Assert.Equal(0, inspect.Exit);
        Assert.Contains("valid: lic-0001", inspect.Output, StringComparison.Ordinal);
        Assert.Contains("max tenants  50", inspect.Output, StringComparison.Ordinal);
        Assert.Contains("features     vault, ai-agents", inspect.Output, StringComparison.Ordinal);
        Assert.Contains("quotas       automs=10", inspect.Output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.False(File.GetUnixFileMode(PathOf("licence-private.pem")).HasFlag(UnixFileMode.OtherRead));
        }
    }

    [Fact]
    public void Report_a_tampered_licence_or_another_vendors_key_as_invalid()
    {
        Run("keygen", _directory);
        Run("keygen", PathOf("other"));
        Run("issue", "--key", PathOf("licence-private.pem"), "--licensee", "Northwind MSP", "--edition", "msp", "--max-tenants", "5", "--out", PathOf("licence.txt"));

        var otherKey = Run("inspect", PathOf("licence.txt"), "--key", Path.Combine(PathOf("other"), "licence-public.pem"));
        File.WriteAllText(PathOf("tampered.txt"), File.ReadAllText(PathOf("licence.txt")).Replace('A', 'B'));
        var tampered = Run("inspect", PathOf("tampered.txt"), "--key", PathOf("licence-public.pem"));

        Assert.Equal((2, true), (otherKey.Exit, otherKey.Output.Contains("BadSignature", StringComparison.Ordinal)));
        Assert.Equal(2, tampered.Exit);
        Assert.StartsWith("invalid", tampered.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(64, "unknown-command")]
    [InlineData(1, "issue", "--licensee", "X")]
    [InlineData(1, "issue", "--key")]
    [InlineData(1, "issue", "--key", "/nonexistent/key.pem", "--licensee", "X", "--edition", "msp", "--max-tenants", "1")]
    public void Explain_bad_usage_without_crashing(int exit, params string[] args)
    {
        var result = Run(args);

        Assert.Equal(exit, result.Exit);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }
}

namespace MspHub.Tool.Tests.Licences;

public sealed class LicenceCommandsShould : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("msphub-licence-tool-").FullName;
    private readonly FakeTimeProvider _clock = TestClock.Create();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<ToolRun> Run(params string[] args) => ToolRun.RunAsync(_clock, ["licence", .. args]);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public async Task Generate_keys_issue_a_licence_and_inspect_it()
    {
        Assert.Equal(0, (await Run("keygen", _directory)).Exit);
        var issue = await Run("issue", "--key", PathOf("licence-private.pem"), "--licensee", "Northwind MSP", "--edition", "msp", "--max-tenants", "50",
            "--feature", "vault", "--feature", "ai-agents", "--quota", "automs=10", "--max-quota", "automs=40", "--days", "30", "--id", "lic-0001", "--out", PathOf("licence.txt"));
        var inspect = await Run("inspect", PathOf("licence.txt"), "--key", PathOf("licence-public.pem"));

        Assert.Equal(0, issue.Exit);
        Assert.Equal(0, inspect.Exit);
        Assert.Contains("valid: lic-0001", inspect.Output, StringComparison.Ordinal);
        Assert.Contains("max tenants  50", inspect.Output, StringComparison.Ordinal);
        Assert.Contains("features     vault, ai-agents", inspect.Output, StringComparison.Ordinal);
        Assert.Contains("quotas       automs=10", inspect.Output, StringComparison.Ordinal);
        Assert.Contains("quota caps   automs=40", inspect.Output, StringComparison.Ordinal);
        Assert.Contains($"valid        {_clock.GetUtcNow():u} to {_clock.GetUtcNow().AddDays(30):u}", inspect.Output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.False(File.GetUnixFileMode(PathOf("licence-private.pem")).HasFlag(UnixFileMode.OtherRead));
        }

        // A licence without features or quotas says so rather than printing empty lines.
        await Run("issue", "--key", PathOf("licence-private.pem"), "--licensee", "Bare MSP", "--edition", "basic", "--max-tenants", "5",
            "--days", "30", "--id", "lic-0002", "--out", PathOf("bare.txt"));
        var bare = await Run("inspect", PathOf("bare.txt"), "--key", PathOf("licence-public.pem"));
        Assert.Contains("features     none", bare.Output, StringComparison.Ordinal);
        Assert.Contains("quota caps   none", bare.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Never_replace_an_existing_key_pair()
    {
        await Run("keygen", _directory);
        var first = await File.ReadAllTextAsync(PathOf("licence-private.pem"));

        var again = await Run("keygen", _directory);

        Assert.Equal(3, again.Exit);
        Assert.Contains("already holds a key pair", again.Error, StringComparison.Ordinal);
        Assert.Equal(first, await File.ReadAllTextAsync(PathOf("licence-private.pem")));
    }

    [Fact]
    public async Task Print_the_licence_document_when_no_file_is_named()
    {
        await Run("keygen", _directory);

        var issue = await Run("issue", "--key", PathOf("licence-private.pem"), "--licensee", "Contoso", "--edition", "msp", "--max-tenants=3");

        Assert.Equal(0, issue.Exit);
        Assert.StartsWith("msphub-licence.v1.", issue.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_a_tampered_licence_another_vendors_key_or_an_expired_licence_as_invalid()
    {
        await Run("keygen", _directory);
        await Run("keygen", PathOf("other"));
        await Run("issue", "--key", PathOf("licence-private.pem"), "--licensee", "Northwind MSP", "--edition", "msp", "--max-tenants", "5",
            "--days", "10", "--out", PathOf("licence.txt"));

        var otherKey = await Run("inspect", PathOf("licence.txt"), "--key", Path.Combine(PathOf("other"), "licence-public.pem"));
        File.WriteAllText(PathOf("tampered.txt"), File.ReadAllText(PathOf("licence.txt")).Replace('A', 'B'));
        var tampered = await Run("inspect", PathOf("tampered.txt"), "--key", PathOf("licence-public.pem"));
        _clock.Advance(TimeSpan.FromDays(11));
        var expired = await Run("inspect", PathOf("licence.txt"), "--key", PathOf("licence-public.pem"));

        Assert.Equal((1, true), (otherKey.Exit, otherKey.Output.Contains("BadSignature", StringComparison.Ordinal)));
        Assert.Equal(1, tampered.Exit);
        Assert.StartsWith("invalid", tampered.Output, StringComparison.Ordinal);
        Assert.Equal((1, true), (expired.Exit, expired.Output.Contains("Expired", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("issue", "--licensee", "X")]
    [InlineData("issue", "--key")]
    [InlineData("issue", "--key", "k.pem", "--licensee", "X", "--edition", "msp", "--max-tenants", "many")]
    [InlineData("issue", "--key", "k.pem", "--licensee", "X", "--edition", "msp", "--max-tenants", "1", "--quota", "automs")]
    [InlineData("issue", "--key", "k.pem", "--licensee", "X", "--edition", "msp", "--max-tenants", "1", "--max-quota", "automs=-1")]
    [InlineData("issue", "--key", "k.pem", "--licensee", "X", "--edition", "msp", "--max-tenants", "1", "--colour", "blue")]
    [InlineData("issue", "--key", "k.pem", "--licensee", "X", "--edition", "msp", "--max-tenants", "1", "--days", "99999999")]
    [InlineData("inspect", "--key", "k.pem")]
    [InlineData("keygen")]
    [InlineData("keygen", "a", "b")]
    public async Task Refuse_a_wrong_command_line_with_the_usage_and_exit_code_2(params string[] args)
    {
        var result = await Run(args);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith($"msphub licence {args[0]}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains($"usage: msphub licence {args[0]}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Report_a_missing_or_wrong_key_file_in_one_line_with_exit_code_3()
    {
        await Run("keygen", _directory);
        var issue = new[] { "issue", "--licensee", "X", "--edition", "msp", "--max-tenants", "1", "--key" };

        var missing = await Run([.. issue, PathOf("nonexistent.pem")]);
        var publicKey = await Run([.. issue, PathOf("licence-public.pem")]);
        File.WriteAllText(PathOf("garbage.pem"), "not a key");
        var notAKey = await Run("inspect", PathOf("licence-public.pem"), "--key", PathOf("garbage.pem"));

        var aboveCap = await Run([.. issue, PathOf("licence-private.pem"), "--quota", "automs=10", "--max-quota", "automs=5", "--out", PathOf("above-cap.licence")]);

        Assert.All([missing, publicKey, aboveCap], r => Assert.Equal(3, r.Exit));
        Assert.Equal($"msphub licence issue: --key '{PathOf("nonexistent.pem")}' does not exist.", missing.Error.Trim());
        Assert.Contains("The licence signing key is a public key; signing needs the private key.", publicKey.Error, StringComparison.Ordinal);
        Assert.Contains("The licence's default for quota 'automs' (10) is above its cap (5). Nothing was signed.", aboveCap.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("above-cap.licence")));
        Assert.Equal(3, notAKey.Exit);
        Assert.All([missing, publicKey, notAKey, aboveCap], r => Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.All([missing, publicKey, notAKey, aboveCap], r => Assert.DoesNotContain("(Parameter '", r.Error, StringComparison.Ordinal));
    }
}

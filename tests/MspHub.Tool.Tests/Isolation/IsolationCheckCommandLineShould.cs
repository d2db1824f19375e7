namespace MspHub.Tool.Tests.Isolation;

/// <summary><c>msphub isolation check</c> refusing what it cannot check, before or without a database to check.</summary>
public sealed class IsolationCheckCommandLineShould
{
    [Theory]
    [InlineData("--table", "msphub.memberships")]
    [InlineData("--table", "app.")]
    [InlineData("--table", "a.b.c")]
    [InlineData("--data-only")]
    [InlineData("--data-only", "--table", "automs", "--schema", "hub")]
    [InlineData("--schema=")]
    public async Task Refuse_tables_and_schemas_it_cannot_check_with_exit_code_2(params string[] args)
    {
        var result = await ToolRun.RunAsync(["isolation", "check", "--connection", "Host=127.0.0.1;Port=1;Username=nobody", .. args]);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith($"msphub isolation check: {args[0].TrimEnd('=')} ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_a_connection_string_that_is_not_one_with_exit_code_2()
    {
        var result = await ToolRun.RunAsync("isolation", "check", "--connection", "this is not a connection string");

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("msphub isolation check: --connection is not a PostgreSQL connection string", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_a_server_it_cannot_reach_in_one_line_with_exit_code_3()
    {
        var result = await ToolRun.RunAsync("isolation", "check", "--connection", "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2");

        Assert.Equal(3, result.Exit);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(result.Output);
    }
}

using MspHub.Tool;

namespace MspHub.Tool.Tests.CommandLine;

public sealed class ToolCommandsShould
{
    public static TheoryData<string> Commands => [.. ToolCommands.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Answer_help_for_every_command_on_standard_output(string command)
    {
        var result = await ToolRun.RunAsync([.. command.Split(' '), "--help"]);

        Assert.Equal(0, result.Exit);
        Assert.Contains($"usage: msphub {command}", result.Output, StringComparison.Ordinal);
        Assert.Contains("--help", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task List_every_command_on_help()
    {
        var result = await ToolRun.RunAsync("--help");

        Assert.Equal(0, result.Exit);
        Assert.All(ToolCommands.All, c => Assert.Contains($"msphub {c.Name}", result.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Print_its_version()
    {
        var result = await ToolRun.RunAsync("--version");

        Assert.Equal(0, result.Exit);
        Assert.StartsWith(typeof(ToolCommands).Assembly.GetName().Version!.ToString(3), result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_a_groups_commands_when_only_the_group_is_named()
    {
        var help = await ToolRun.RunAsync("licence", "--help");
        var bare = await ToolRun.RunAsync("licence");

        Assert.Equal(0, help.Exit);
        Assert.Contains("msphub licence issue", help.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("isolation", help.Output, StringComparison.Ordinal);
        Assert.Equal(2, bare.Exit);
        Assert.StartsWith("msphub: name a command.", bare.Error, StringComparison.Ordinal);
        Assert.Contains("msphub licence keygen", bare.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("licence", "sign")]
    [InlineData("frobnicate", "--help")]
    public async Task Refuse_an_unknown_command_with_exit_code_2(params string[] args)
    {
        var result = await ToolRun.RunAsync(args);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith($"msphub: unknown command '{string.Join(' ', args.Where(a => a != "--help"))}'.", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Refuse_no_command_with_exit_code_2()
    {
        var result = await ToolRun.RunAsync();

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("msphub: name a command.", result.Error, StringComparison.Ordinal);
    }
}

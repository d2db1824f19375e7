using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace MspHub.SampleHub.Tests.TestSupport;

/// <summary>
/// The sample hub started as its own process on 127.0.0.1 with a fresh data folder (a new SQLite database
/// unless <paramref name="postgres"/> is given), as <c>dotnet run</c> starts it for a newcomer. Disposing stops it
/// and deletes the folder.
/// </summary>
public sealed partial class SampleHubProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;
    private string? _postgres;
    private bool _seedDemo;
    private bool _restarted;

    private SampleHubProcess(Process process, StringBuilder output, Uri address, string dataFolder)
    {
        _process = process;
        _output = output;
        Address = address;
        DataFolder = dataFolder;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public string DataFolder { get; }

    public HttpClient Client { get; }

    /// <summary>What the hub printed so far: the start-up banner, logs.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="postgres">A PostgreSQL connection string, or null for the SQLite file.</param>
    /// <param name="prepare">Puts files into the fresh data folder before the hub starts (a licence signed by a test vendor, say).</param>
    /// <param name="seedDemo">Whether the hub seeds the demo (<c>SampleHub:SeedDemo</c>), which it does by itself only in Development.</param>
    public static async Task<SampleHubProcess> StartAsync(string? postgres = null, Action<string>? prepare = null, bool seedDemo = true)
    {
        var dataFolder = Directory.CreateTempSubdirectory("msphub-sample-").FullName;
        prepare?.Invoke(dataFolder);
        return await StartInAsync(dataFolder, postgres, seedDemo);
    }

    /// <summary>Stops this hub and starts it again on the same data folder, as an administrator restarts it; dispose the new one instead.</summary>
    /// <param name="seedDemo">Whether the demo is on now; as before when null.</param>
    public async Task<SampleHubProcess> RestartAsync(bool? seedDemo = null)
    {
        await StopAsync();
        _restarted = true;
        return await StartInAsync(DataFolder, _postgres, seedDemo ?? _seedDemo);
    }

    private static async Task<SampleHubProcess> StartInAsync(string dataFolder, string? postgres, bool seedDemo)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Metadata("SampleHubDll"), "--urls", "http://127.0.0.1:0", "--contentRoot", Metadata("SampleHubProject"),
            "--environment", "Production", "--SampleHub:DataFolder", dataFolder, "--ConnectionStrings:Postgres", postgres ?? "",
            "--SampleHub:SeedDemo", seedDemo ? "true" : "false",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (BannerAddress().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The sample hub did not start:{Environment.NewLine}{output}");
        }

        return new SampleHubProcess(process, output, await listening.Task, dataFolder) { _postgres = postgres, _seedDemo = seedDemo };
    }

    /// <summary>Signs in through the API and returns a client that sends the session token.</summary>
    public async Task<HttpClient> ApiClientAsync(string userName, string password, string? tenant = null)
    {
        var response = await Client.PostAsJsonAsync("/api/session", new { userName, password, tenant });
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<TokenResponse>();
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", session!.Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync();
        _process.Dispose();
        if (!_restarted)
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }

    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    private static string Metadata(string key) =>
        typeof(SampleHubProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    // The banner's last line, so the whole banner has been read when the start completes.
    [GeneratedRegex(@"^Sign in at (http://127\.0\.0\.1:\d+)/signin$")]
    private static partial Regex BannerAddress();

    private sealed record TokenResponse(string Token);
}

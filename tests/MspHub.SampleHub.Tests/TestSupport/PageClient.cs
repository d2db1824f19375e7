using System.Net;
using System.Text.RegularExpressions;

namespace MspHub.SampleHub.Tests.TestSupport;

/// <summary>
/// The pages over plain HTTP, as a browser without script uses them: a cookie jar, no redirects followed, and form
/// posts that carry the antiforgery token of the page they are posted from.
/// </summary>
public sealed partial class PageClient : IDisposable
{
    private readonly HttpClient _client;

    private PageClient(Uri address) =>
        _client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address };

    public static async Task<PageClient> SignedInAsync(SampleHubProcess hub, (string Name, string Password) user)
    {
        var client = new PageClient(hub.Address);
        var signedIn = await client.PostFormAsync("/signin", "/signin", new() { ["userName"] = user.Name, ["password"] = user.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    /// <summary>Reads the antiforgery token from <paramref name="from"/>, then posts <paramref name="fields"/> with it to <paramref name="to"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string from, string to, Dictionary<string, string> fields)
    {
        var page = await _client.GetStringAsync(from);
        fields.TryAdd("__RequestVerificationToken", Token().Match(page).Groups[1].Value);
        return await PostAsync(to, fields);
    }

    /// <summary>Posts <paramref name="fields"/> exactly as given, with no antiforgery token unless they hold one.</summary>
    public async Task<HttpResponseMessage> PostAsync(string to, Dictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await _client.PostAsync(to, content);
    }

    /// <summary>Posts a form body as it is, for input <see cref="FormUrlEncodedContent"/> would encode differently.</summary>
    public async Task<HttpResponseMessage> PostRawAsync(string to, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");
        return await _client.PostAsync(to, content);
    }

    /// <summary>Posts a form with one file, as a file field sends it, with the antiforgery token of <paramref name="from"/>.</summary>
    public async Task<HttpResponseMessage> PostFileAsync(string from, string to, string field, string fileName, string text)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(from)), "__RequestVerificationToken" },
            { new StringContent(text, System.Text.Encoding.UTF8, "application/json"), field, fileName },
        };
        return await _client.PostAsync(to, content);
    }

    public async Task<string> TokenAsync(string from) => Token().Match(await _client.GetStringAsync(from)).Groups[1].Value;

    public void Dispose() => _client.Dispose();

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex Token();
}

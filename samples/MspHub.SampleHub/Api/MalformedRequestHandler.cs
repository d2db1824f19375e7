using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Api;

/// <summary>
/// Answers a request the endpoints could not bind (a body that is not JSON, a value of the wrong type, a missing
/// or unparsable query value) with 400 ProblemDetails saying what was wrong. Parameter binding throws these for
/// every endpoint because <c>Program.cs</c> sets <see cref="RouteHandlerOptions.ThrowOnBadRequest"/>; without it,
/// Production answers an empty 400 and Development MspHub's generic "The request is malformed.". Registered before
/// MspHub's handler so it answers first; page requests are left to the pages' own error handling.
/// </summary>
public sealed partial class MalformedRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || PageRequests.Is(httpContext.Request))
        {
            return false;
        }

        // Kestrel throws the same exception for a body over its size limit (413); its status says what was wrong.
        var invalid = bad.StatusCode == StatusCodes.Status400BadRequest;
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = invalid ? "Invalid request" : null,
                Detail = invalid ? Describe(bad) : null,
            },
        });
    }

    // Binding's own messages name .NET types ("Nullable<TenantSortField> sort"); these name only what the caller sent.
    private static string Describe(BadHttpRequestException bad) => bad.InnerException switch
    {
        // A reader error (the text is not JSON) carries the reader's exception inside; a type mismatch does not.
        JsonException { InnerException: JsonException } syntax =>
            $"The body is not valid JSON: the text breaks off or holds an unexpected character at line {syntax.LineNumber.GetValueOrDefault() + 1}, position {syntax.BytePositionInLine.GetValueOrDefault() + 1}.",
        JsonException mismatch => mismatch.Path is null or "$"
            ? "The body must be a JSON object with the fields this endpoint takes (see /openapi/v1.json)."
            : $"The body's field '{mismatch.Path.TrimStart('$', '.')}' holds a value of the wrong type (see /openapi/v1.json for what this endpoint takes).",
        _ when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => "The body is missing or null; send a JSON object.",
        _ when Parameter().Match(bad.Message) is { Success: true } match => $"The value of '{match.Groups[1].Value}' is missing or not valid.",
        _ => "A value in the address is missing or not valid.",
    };

    // 'Failed to bind parameter "Nullable<TenantSortField> sort" from "bogus".': the parameter's name is the last word in the first quotes.
    [GeneratedRegex("parameter \"(?:[^\"]* )?(\\w+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Parameter();
}

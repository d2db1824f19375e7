using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MspHub.Licensing;

namespace MspHub.AspNetCore;

/// <summary>
/// The one mapping from exceptions to problems, shared by the exception handler, the <c>MapMspHub()</c>
/// endpoints and the endpoint filters. MspHub's own exceptions carry messages written for the caller, so
/// they become the detail. Argument and key errors thrown inside MspHub are bad input (400, 404), never
/// 500s. Database errors are logged and answered with a detail that names nothing, so no constraint, table
/// or SQL text reaches the caller. Any other exception is not MspHub's to answer.
/// </summary>
internal static partial class ExceptionProblems
{
    private const string Undisclosed = "The request could not be completed.";

    private static readonly HashSet<string> MspHubAssemblies =
        new(StringComparer.Ordinal) { "MspHub.Abstractions", "MspHub.Licensing", "MspHub.EntityFramework", "MspHub.AspNetCore" };

    private static readonly Assembly CoreLibrary = typeof(object).Assembly;

    /// <summary>The problem to answer <paramref name="exception"/> with, or <see langword="null"/> when it is not MspHub's to answer.</summary>
    public static MspHubProblem? For(Exception exception, ILogger logger)
    {
        switch (exception)
        {
            case MspHubException hub:
                return For(hub, logger);
            case BadHttpRequestException { StatusCode: >= 400 and < 500 } request:
                return For(request);
            case ArgumentException argument when ThrownByMspHub(argument):
                return new MspHubProblem(MspHubProblemTypes.InvalidRequest, ArgumentText(argument));
            case KeyNotFoundException missing when ThrownByMspHub(missing):
                return new MspHubProblem(MspHubProblemTypes.NotFound, missing.Message);

            // ReadFromJsonAsync refuses a charset it has no encoding for before reading a byte.
            case InvalidOperationException unreadable when ThrownReadingJson(unreadable):
                return new MspHubProblem(MspHubProblemTypes.UnsupportedMediaType, "The body's charset is not one this server reads; send JSON as UTF-8.");
        }

        if (IsConcurrencyFailure(exception))
        {
            // A save that matched no row: changed or removed meanwhile, or (for a stub) never the caller's tenant's.
            return new MspHubProblem(MspHubProblemTypes.Conflict, "The row was changed or removed meanwhile, or does not exist here; nothing was saved. Read it again and retry.");
        }

        // Row-level security refusing a row written for another tenant (raw SQL past the save guard): the same refusal
        // the save guard gives, by the database's wall instead of MspHub's.
        if (IsRowLevelSecurityRefusal(exception))
        {
            LogRowLevelSecurityRefusal(logger, exception);
            return new MspHubProblem(MspHubProblemTypes.TenantIsolation, "The request would reach another tenant's data, or every tenant's; nothing was changed.");
        }

        switch (ConstraintRefusing(exception))
        {
            // A value the request left out that a column needs: the caller's to send, and the column stays in the log.
            case ConstraintKind.NotNull:
                LogRequiredValueMissing(logger, exception);
                return new MspHubProblem(MspHubProblemTypes.InvalidRequest, "A required value was missing from the request; nothing was saved.");

            // A value no column of its type can hold (a NUL character, a number out of range): the caller's to fix.
            case ConstraintKind.InvalidValue:
                LogInvalidValue(logger, exception);
                return new MspHubProblem(MspHubProblemTypes.InvalidRequest,
                    "A value in the request is not one the database can store (a character it refuses, or a value out of range); nothing was saved.");

            // A forged reference or a taken value in the request: the caller's to fix, and the constraint's name stays in the log.
            case ConstraintKind.Other:
                LogConstraintRefused(logger, exception);
                return new MspHubProblem(MspHubProblemTypes.Conflict,
                    "The change conflicts with what is stored (a value that must be unique, or a reference to a row that is not there); nothing was saved.");
        }

        // A database that cannot be reached at all reads as one whose connection failed during an operation: nothing
        // of this request could reach it, and retrying later is the caller's answer. Errors the server reports stay 500s.
        if (StoreFailures.IsUnreachable(exception))
        {
            LogStoreUnreachable(logger, exception);
            return new MspHubProblem(
                MspHubProblemTypes.StoreUnavailable,
                "The database could not be reached. Retry once it is; a change cut off by the connection may or may not have been saved, so check before repeating one.");
        }

        if (IsDatabaseError(exception))
        {
            LogDatabaseError(logger, exception);
            return new MspHubProblem(MspHubProblemTypes.InternalError, Undisclosed);
        }

        return null;
    }

    public static MspHubProblem For(MspHubException exception, ILogger logger)
    {
        var problem = exception switch
        {
            QuotaExceededException quota => new MspHubProblem(
                MspHubProblemTypes.QuotaExceeded, quota.Message, ("quota", quota.Quota), ("used", quota.Used), ("limit", quota.Limit)),
            TenantLimitExceededException tenants => new MspHubProblem(
                MspHubProblemTypes.TenantLimitReached, tenants.Message, ("used", tenants.Used), ("limit", tenants.Max)),
            FeatureNotLicensedException feature => new MspHubProblem(MspHubProblemTypes.FeatureNotLicensed, feature.Message, ("feature", feature.Feature)),
            OperationGateException refused => HttpGate.Refused(refused.Operation, refused.Refusal, refused.Message, refused.RequestId),
            ApprovalRequiredException pending => HttpGate.Pending(http: null, pending.Request, pending.Message),
            TenantReadOnlyException readOnly => new MspHubProblem(MspHubProblemTypes.TenantReadOnly, readOnly.Message) { RetryAfter = readOnly.RetryAfter },
            PermissionDeniedException denied => new MspHubProblem(
                MspHubProblemTypes.PermissionRequired, denied.Message, ("permission", denied.Permission.ToString())),

            // Refused before anything reached the database; the message names entities and tenants, so it is logged only.
            TenantIsolationException => Logged(logger, exception, new MspHubProblem(
                MspHubProblemTypes.TenantIsolation, "The request would reach another tenant's data, or every tenant's; nothing was changed.")),

            // The message tells the host's developer which entity needed a tenant and how to open a scope in code; the
            // caller is told what to do instead, and the message is logged.
            TenantRequiredException => LoggedTenantRequired(logger, exception, new MspHubProblem(
                MspHubProblemTypes.TenantRequired, "This request needs a tenant and names none: sign in to a tenant, or switch to one, and try again.")),
            _ => new MspHubProblem(TypeOf(exception), exception.Message),
        };
        if (problem.Type != MspHubProblemTypes.InternalError)
        {
            return problem;
        }

        // An MspHub exception with no meaning over HTTP is a bug; its message is not for the caller.
        LogInternalError(logger, exception);
        return new MspHubProblem(MspHubProblemTypes.InternalError, Undisclosed);
    }

    // The server's own refusals of the request (a body over Kestrel's limit, one cut short, a parameter that would not
    // bind): the caller's to fix, so their 4xx status stands and is never a 500.
    private static MspHubProblem For(BadHttpRequestException request) =>
        request.StatusCode == StatusCodes.Status400BadRequest ? new MspHubProblem(MspHubProblemTypes.InvalidRequest, Describe(request))
        : ForStatus(request.StatusCode) ?? ForStatus(StatusCodes.Status400BadRequest)!;

    // What binding could not read, in the caller's terms: its own messages name .NET types ("Nullable<TenantSortField> sort").
    private static string Describe(BadHttpRequestException bad) => bad.InnerException switch
    {
        // A reader error (the text is not JSON) carries the reader's exception inside; a type mismatch does not.
        System.Text.Json.JsonException { InnerException: System.Text.Json.JsonException } syntax =>
            $"The body is not valid JSON: the text breaks off or holds an unexpected character at line {syntax.LineNumber.GetValueOrDefault() + 1}, position {syntax.BytePositionInLine.GetValueOrDefault() + 1}.",
        System.Text.Json.JsonException mismatch => mismatch.Path is null or "$"
            ? "The body must be a JSON object with the fields this endpoint takes."
            : $"The body's field '{Quote(mismatch.Path.TrimStart('$', '.'))}' holds a value of the wrong type.",
        _ when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => "The body is missing or null; send a JSON object.",
        _ when BoundParameter().Match(bad.Message) is { Success: true } match => $"The value of '{match.Groups[1].Value}' is missing or not valid.",
        _ => "The request is malformed.",
    };

    private static string Quote(string text) => Guard.Shorten(text, 65);

    // 'Failed to bind parameter "Nullable<TenantSortField> sort" from "bogus".': the parameter's name is the last word in the first quotes.
    [System.Text.RegularExpressions.GeneratedRegex("parameter \"(?:[^\"]* )?(\\w+)\"", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex BoundParameter();

    /// <summary>
    /// The problem for a refusal known only by its status, as the server or a minimal API ends it without a body (a body
    /// over the size limit, a Content-Type the endpoint does not take); <see langword="null"/> for a status it has none for.
    /// </summary>
    public static MspHubProblem? ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => new MspHubProblem(MspHubProblemTypes.InvalidRequest, "The request is malformed."),
        StatusCodes.Status404NotFound => new MspHubProblem(MspHubProblemTypes.NotFound, "Nothing is found at this address."),
        StatusCodes.Status413PayloadTooLarge => new MspHubProblem(
            MspHubProblemTypes.RequestTooLarge, "The request body is larger than this server accepts; nothing was done."),
        StatusCodes.Status415UnsupportedMediaType => new MspHubProblem(
            MspHubProblemTypes.UnsupportedMediaType, "The body's Content-Type is not one this endpoint takes."),
        _ => null,
    };

    private static MspHubProblem Logged(ILogger logger, Exception exception, MspHubProblem problem)
    {
        LogIsolationRefused(logger, exception);
        return problem;
    }

    private static MspHubProblem LoggedTenantRequired(ILogger logger, Exception exception, MspHubProblem problem)
    {
        LogTenantRequired(logger, exception);
        return problem;
    }

    private static MspHubProblemType TypeOf(MspHubException exception) => exception switch
    {
        ConflictException => MspHubProblemTypes.Conflict,
        AccessRuleException => MspHubProblemTypes.AccessRule,
        TenantOperationException => MspHubProblemTypes.TenantOperationRefused,
        TenantNotFoundException => MspHubProblemTypes.UnknownTenant,
        InvitationNotAvailableException => MspHubProblemTypes.InvitationNotAvailable,
        GrantRequestNotAvailableException => MspHubProblemTypes.GrantRequestNotAvailable,
        InvalidTenantSlugException or UnknownPermissionException or InvalidAuditEntryException => MspHubProblemTypes.InvalidRequest,
        AuditAccessDeniedException or VaultAccessDeniedException or SubtreeAccessDeniedException => MspHubProblemTypes.PermissionRequired,
        VaultSecretNotFoundException => MspHubProblemTypes.NotFound,

        // Stored bytes that fail authentication are a state the caller cannot fix by asking again; the message names ids only.
        VaultIntegrityException => MspHubProblemTypes.Conflict,
        InvalidBrandingException => MspHubProblemTypes.InvalidBranding,
        TenantRequiredException => MspHubProblemTypes.TenantRequired,
        LicenceRequiredException => MspHubProblemTypes.LicenceRequired,
        SessionRefusedException => MspHubProblemTypes.SessionRefused,
        StoreConnectionLostException => MspHubProblemTypes.StoreUnavailable,
        _ => MspHubProblemTypes.InternalError,
    };

    // The first frame outside .NET's own libraries (the runtime's throw helpers, LINQ over a null list) says whose code
    // refused the argument: MspHub's (bad input reaching it) or the host's (the host's to answer).
    private static bool ThrownByMspHub(Exception exception)
    {
        foreach (var frame in new StackTrace(exception, fNeedFileInfo: false).GetFrames())
        {
            var assembly = frame.GetMethod()?.DeclaringType?.Assembly;
            if (assembly is null || assembly == CoreLibrary || assembly.GetName().Name?.StartsWith("System.", StringComparison.Ordinal) == true)
            {
                continue;
            }

            return assembly.GetName().Name is { } name && MspHubAssemblies.Contains(name);
        }

        return false;
    }

    // "X must be ... (Parameter 'value')\nActual value was ..." reads as "X must be ...": the parameter is MspHub's, the value the caller's.
    private static string ArgumentText(ArgumentException exception)
    {
        // "Value cannot be null." says nothing to a caller; the parameter says what was missing.
        if (exception is ArgumentNullException { ParamName: { } missing } && exception.Message.StartsWith("Value cannot be null.", StringComparison.Ordinal))
        {
            return $"A required value was missing ({missing}).";
        }

        var text = exception.Message.AsSpan();
        if (text.IndexOfAny('\r', '\n') is var end and >= 0)
        {
            text = text[..end];
        }

        if (exception.ParamName is { } parameter && text.EndsWith($" (Parameter '{parameter}')", StringComparison.Ordinal))
        {
            text = text[..^($" (Parameter '{parameter}')".Length)];
        }

        return text.ToString();
    }

    private static bool ThrownReadingJson(Exception exception) =>
        exception.TargetSite?.DeclaringType?.FullName?.StartsWith("Microsoft.AspNetCore.Http.HttpRequestJsonExtensions", StringComparison.Ordinal) == true;

    private static bool IsConcurrencyFailure(Exception exception) =>
        exception.GetType() is { Name: "DbUpdateConcurrencyException", Namespace: "Microsoft.EntityFrameworkCore" };

    // SQL's integrity-constraint class (SQLSTATE 23xxx, as PostgreSQL reports it through the provider-neutral
    // DbException; 23502 is NOT NULL) and its data-exception class (22xxx: a NUL in text, a number out of range, a
    // malformed value), or SQLite's SQLITE_CONSTRAINT (19), which Microsoft.Data.Sqlite reports only as
    // its exception's SqliteErrorCode, with SQLITE_CONSTRAINT_NOTNULL (1299) as its SqliteExtendedErrorCode; MspHub
    // references no provider here, so those properties are read by name.
    private static ConstraintKind ConstraintRefusing(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is not DbException database)
            {
                continue;
            }

            if (database.SqlState is { Length: 5 } state)
            {
                return state.StartsWith("22", StringComparison.Ordinal) ? ConstraintKind.InvalidValue
                    : !state.StartsWith("23", StringComparison.Ordinal) ? ConstraintKind.None
                    : state == PostgresNotNull ? ConstraintKind.NotNull
                    : ConstraintKind.Other;
            }

            return StoreFailures.SqliteCode(database, "SqliteErrorCode") != SqliteConstraint ? ConstraintKind.None
                : StoreFailures.SqliteCode(database, "SqliteExtendedErrorCode") == SqliteConstraintNotNull ? ConstraintKind.NotNull
                : ConstraintKind.Other;
        }

        return ConstraintKind.None;
    }

    private const string PostgresNotNull = "23502";
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintNotNull = 1299;

    private enum ConstraintKind
    {
        None,
        NotNull,
        InvalidValue,
        Other,
    }

    // PostgreSQL's insufficient_privilege (42501) with the text of a policy's refusal, "new row violates row-level security
    // policy"; 42501 alone is also a missing grant, the host's set-up to fix, which stays a 500. A server whose messages are
    // translated (lc_messages) answers 500 here too.
    private static bool IsRowLevelSecurityRefusal(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException { SqlState: PostgresInsufficientPrivilege } database)
            {
                return database.Message.Contains("new row violates row-level security policy", StringComparison.Ordinal);
            }
        }

        return false;
    }

    private const string PostgresInsufficientPrivilege = "42501";

    private static bool IsDatabaseError(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException || current.GetType().Namespace?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Error, Message = "A database error was answered with 500; its text is kept out of the response.")]
    private static partial void LogDatabaseError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 128, Level = LogLevel.Warning, Message = "A write PostgreSQL's row-level security refused (a row for another tenant) was answered with 403 tenant-isolation; the database's message stays in the log.")]
    private static partial void LogRowLevelSecurityRefusal(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 127, Level = LogLevel.Error, Message = "A database that could not be reached was answered with 503 store-unavailable; the provider's error is kept out of the response.")]
    private static partial void LogStoreUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 121, Level = LogLevel.Error, Message = "An MspHub error with no HTTP meaning was answered with 500; its message is kept out of the response.")]
    private static partial void LogInternalError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 123, Level = LogLevel.Information, Message = "A change the database refused by a constraint was answered with 409; the constraint stays in the log.")]
    private static partial void LogConstraintRefused(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 126, Level = LogLevel.Information, Message = "A request that needs a tenant and names none was answered with tenant-required.")]
    private static partial void LogTenantRequired(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 125, Level = LogLevel.Information, Message = "A value the database cannot store was answered with 400; the database's message stays in the log.")]
    private static partial void LogInvalidValue(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 124, Level = LogLevel.Information, Message = "A change the database refused for a missing required value was answered with 400; the column stays in the log.")]
    private static partial void LogRequiredValueMissing(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 122, Level = LogLevel.Warning, Message = "A request that would reach another tenant's data was refused with 403; its message is kept out of the response.")]
    private static partial void LogIsolationRefused(ILogger logger, Exception exception);
}

using System.Text.Json;

namespace MspHub.SampleHub.Operations;

/// <summary>
/// Reads an import file: the library's <see cref="ImportBatch"/> as JSON, with the field names of its records
/// (<c>system</c>, <c>tenants</c> with <c>externalId</c>, <c>slug</c>, <c>name</c>, <c>parentExternalId</c>, and
/// <c>users</c> with <c>externalId</c>, <c>userName</c>, <c>tenantExternalIds</c>). A file that is not one is refused
/// with a message saying where, never passed on half-read. User names follow the hub's rule (<see cref="Input.UserName"/>).
/// </summary>
public static class TenantImportFile
{
    public const long MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <exception cref="ArgumentException">No file, too large, not JSON, or not an import batch.</exception>
    public static async Task<ImportBatch> ReadAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            throw new ArgumentException("Choose a file to import.");
        }

        if (file.Length > MaxBytes)
        {
            throw new ArgumentException($"The file is {file.Length / 1024} KB; an import file is at most {MaxBytes / 1024} KB.");
        }

        ImportBatch? batch;
        try
        {
            await using var stream = file.OpenReadStream();
            batch = await JsonSerializer.DeserializeAsync<ImportBatch>(stream, Options, cancellationToken);
        }
        catch (JsonException invalid)
        {
            var where = invalid.LineNumber is { } line ? $" (line {line + 1})" : "";
            throw new ArgumentException($"'{file.FileName}' is not an import file{where}: it must be JSON with a system name, tenants and users, as the example shows.");
        }

        // The serializer checks the records' fields but lets a list hold null entries.
        return batch is null || batch.Tenants.Any(t => t is null) || batch.Users.Any(u => u is null || u.TenantExternalIds.Any(id => id is null))
            ? throw new ArgumentException($"'{file.FileName}' holds an empty entry (null) where a tenant, user or tenant id belongs.")
            : batch.System.Length > 0 ? batch with { Users = [.. batch.Users.Select(u => u with { UserName = UserName(u, file.FileName) })] }
            : throw new ArgumentException($"'{file.FileName}' names no system: add \"system\", the name of the system the ids come from.");
    }

    // An imported user signs in and is listed like one made on the technicians page or through an invitation, so the
    // name follows the same rule (Input.UserName, lowercased): no spaces, markup or look-alike letters.
    private static string UserName(ImportedUser user, string fileName)
    {
        try
        {
            return Input.UserName(user.UserName);
        }
        catch (ArgumentException refused)
        {
            throw new ArgumentException($"User {user.ExternalId} in '{fileName}' has a user name the hub does not take: {refused.Message} Nothing was imported.", refused);
        }
    }
}

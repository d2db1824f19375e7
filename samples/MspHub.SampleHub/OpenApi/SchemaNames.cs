using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace MspHub.SampleHub.OpenApi;

/// <summary>
/// Schema names without generic noise: <c>PagedResult&lt;SessionTenant&gt;</c> becomes <c>SessionTenantPage</c>
/// rather than <c>PagedResultOfSessionTenant</c>. Everything else keeps ASP.NET Core's name, the type's own
/// name without its namespace.
/// </summary>
public static class SchemaNames
{
    public static string? Of(JsonTypeInfo type) =>
        type.Type.IsGenericType && type.Type.GetGenericTypeDefinition() == typeof(PagedResult<>)
            ? $"{OpenApiOptions.CreateDefaultSchemaReferenceId(type.Options.GetTypeInfo(type.Type.GetGenericArguments()[0]))}Page"
            : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
}

using System.Text.Json.Serialization;

namespace MspHub;

/// <summary>Who performed an audited action, by kind; the kind decides what <see cref="AuditActor.Id"/> names. Written by name in JSON.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuditActorKind>))]
public enum AuditActorKind
{
    /// <summary>MspHub or the host itself (a background job, a migration): no person or key is behind it, and there is no id.</summary>
    System,

    /// <summary>A signed-in user; the id is the user's.</summary>
    User,

    /// <summary>An MSP technician acting in a tenant through a grant; the id is the user's.</summary>
    Technician,

    /// <summary>An API key; the id is the key's, never its secret.</summary>
    ApiKey,

    /// <summary>A caller who did not authenticate (refused at the door); there is no id.</summary>
    Anonymous,
}

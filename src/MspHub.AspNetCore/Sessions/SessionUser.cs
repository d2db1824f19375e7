using System.Text.Json.Serialization;

namespace MspHub.AspNetCore;

/// <summary>The signed-in user, as a session shows it.</summary>
/// <param name="Id">The user's id.</param>
/// <param name="UserName">The user name.</param>
/// <param name="SystemRole">The user's system role, named in JSON (<c>"MspAdmin"</c>) like every other enum MspHub's endpoints answer with.</param>
public sealed record SessionUser(Guid Id, string UserName, [property: JsonConverter(typeof(JsonStringEnumConverter<SystemRole>))] SystemRole SystemRole);

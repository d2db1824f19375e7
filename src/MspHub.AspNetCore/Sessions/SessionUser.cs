namespace MspHub.AspNetCore;

/// <summary>The signed-in user, as a session shows it.</summary>
/// <param name="Id">The user's id.</param>
/// <param name="UserName">The user name.</param>
/// <param name="SystemRole">The user's system role.</param>
public sealed record SessionUser(Guid Id, string UserName, SystemRole SystemRole);

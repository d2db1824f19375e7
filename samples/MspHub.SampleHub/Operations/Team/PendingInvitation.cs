namespace MspHub.SampleHub.Operations.Team;

/// <summary>An open invitation with the name of the person it is for.</summary>
public sealed record PendingInvitation(TenantInvitation Invitation, string UserName);

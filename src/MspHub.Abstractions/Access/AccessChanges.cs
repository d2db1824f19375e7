namespace MspHub;

/// <summary>
/// What every access change shares, whichever side makes it (<see cref="TenantAccessManager"/>, <see cref="MspAccessManager"/>,
/// <see cref="TechnicianGrants"/>, <see cref="TechnicianElevations"/>): the shape of its audit entry, and removing a membership,
/// which a tenant's administrator and the MSP both do and which must be recorded and invalidated the same way.
/// </summary>
internal static class AccessChanges
{
    public static AuditEntry Entry(string action, Guid? tenantId, string targetType, string targetId, params (string Key, string Value)[] detail) =>
        new(action, tenantId)
        {
            TargetType = targetType,
            TargetId = targetId,
            Detail = detail.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal),
        };

    // Permission lists in a record's detail: comma-separated, cut to what a detail value holds.
    public static string Joined(IEnumerable<string> values)
    {
        var joined = string.Join(",", values);
        return Guard.Shorten(joined, AuditEntry.MaxDetailValueLength);
    }

    // Recorded in the tenant's chain with the store's write; the user's cached permissions go whether or not it succeeded.
    public static async Task<bool> RemoveMembershipAsync(
        IMembershipStore memberships, IAuditLog audit, IPermissionEvaluator evaluator, Guid userId, Guid tenantId, CancellationToken cancellationToken)
    {
        try
        {
            return await audit.RecordAsync(
                token => memberships.RemoveMembershipAsync(userId, tenantId, token),
                removed => removed ? Entry(AuditActions.MemberRemoved, tenantId, "user", userId.ToString()) : null,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            evaluator.InvalidateUser(userId);
        }
    }
}

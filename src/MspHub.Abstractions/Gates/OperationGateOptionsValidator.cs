using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>Fails start-up on a gate configuration that would guard an operation less, or differently, than the MSP wrote it.</summary>
internal sealed class OperationGateOptionsValidator : IValidateOptions<OperationGateOptions>
{
    public ValidateOptionsResult Validate(string? name, OperationGateOptions options)
    {
        const string Section = "MspHub:Gates";
        List<string> failures = [];
        if (options.ApprovalWindow <= TimeSpan.Zero || options.ExecutionWindow <= TimeSpan.Zero || options.HumanOnlyMaxAuthenticationAge <= TimeSpan.Zero)
        {
            failures.Add($"{Section}: ApprovalWindow, ExecutionWindow and HumanOnlyMaxAuthenticationAge must be positive.");
        }

        if (options.MaxElevationDuration < TechnicianElevations.ShortestDuration)
        {
            failures.Add($"{Section}: MaxElevationDuration must be at least {TechnicianElevations.ShortestDuration:c}, the shortest elevation.");
        }

        if (!Permission.TryParse(options.ApprovePermission, out _) || !Permission.TryParse(options.ReadPermission, out _))
        {
            failures.Add($"{Section}: ApprovePermission and ReadPermission are permissions written resource.action.");
        }

        foreach (var (operation, gated) in options.Operations)
        {
            if (!IsOperationName(operation))
            {
                failures.Add($"{Section}:Operations: '{operation}' is not an operation name (1 to {OperationGateOptions.MaxOperationLength} lowercase letters, digits, dots and dashes).");
            }

            if (!Enum.IsDefined(gated.Level) || !Enum.IsDefined(gated.MinimumLevel) || !Enum.IsDefined(gated.MaximumLevel)
                || gated.MinimumLevel > gated.MaximumLevel || gated.Level < gated.MinimumLevel || gated.Level > gated.MaximumLevel)
            {
                failures.Add($"{Section}:Operations:{operation}: level {gated.Level} must lie within {gated.MinimumLevel}–{gated.MaximumLevel}.");
            }

            foreach (var (tenantId, level) in gated.TenantLevels)
            {
                if (!Enum.IsDefined(level) || level < gated.MinimumLevel || level > gated.MaximumLevel)
                {
                    failures.Add($"{Section}:Operations:{operation}: tenant {tenantId}'s level {level} lies outside the bounds the MSP set, {gated.MinimumLevel}–{gated.MaximumLevel}.");
                }
            }

            // L3 asks for a person, not for a second one: an operation whose every call must be approved cannot be set to it.
            if (gated.MinimumLevel == GateLevel.L2Approval && (gated.Level == GateLevel.L3HumanOnly || gated.TenantLevels.ContainsValue(GateLevel.L3HumanOnly)))
            {
                failures.Add($"{Section}:Operations:{operation}: the minimum is L2Approval, so every call needs a second person's approval, which L3HumanOnly does not ask for; "
                    + "keep it at L2Approval, or lower the minimum.");
            }

            // The tenant a call comes from is the caller's choice (an MSP admin enters any tenant), so a level per tenant
            // would let them pick the lowest: the MSP's own operations have one level.
            if (gated.InAdminTenancy && gated.TenantLevels.Count > 0)
            {
                failures.Add($"{Section}:Operations:{operation}: it is decided in the admin tenancy (InAdminTenancy), whichever tenant it is called from, so it has one level; "
                    + "remove its TenantLevels.");
            }

            if (gated.ApprovePermission is { } permission && !Permission.TryParse(permission, out _))
            {
                failures.Add($"{Section}:Operations:{operation}: ApprovePermission '{permission}' is not a permission written resource.action.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsOperationName(string name) =>
        name.Length is > 0 and <= OperationGateOptions.MaxOperationLength
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-');
}

namespace MspHub;

/// <summary>The report of an activation.</summary>
/// <param name="Activation">The activation now in force.</param>
/// <param name="Kind">Whether this call activated, renewed or found the licence already active.</param>
/// <param name="AdminTenancyCreated">Whether the admin tenancy was created by this call.</param>
/// <param name="RowsAssigned">Untenanted rows assigned to the admin tenancy, by table; empty when there were none.</param>
public sealed record ActivationOutcome(
    ActivationRecord Activation, ActivationKind Kind, bool AdminTenancyCreated, IReadOnlyDictionary<string, int> RowsAssigned);

using Microsoft.Extensions.Options;

namespace MspHub.Licensing;

/// <summary>
/// The default <see cref="ITenantFeatures"/>, over <see cref="ILicensing"/> and the tenant store: a check walks from the
/// tenant up its parents, nearest choice first, as settings do, reading each ancestor through the caching store.
/// </summary>
internal sealed class TenantFeatures(ILicensing licensing, ITenantStore tenants, IAuditLog audit, IOptions<MspHubOptions> options) : ITenantFeatures
{
    private readonly int _maxDepth = options.Value.MaxTenantDepth;

    public bool IsEnabled(Tenant tenant, string feature)
    {
        var pending = IsEnabledAsync(tenant, feature);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    public ValueTask<bool> IsEnabledAsync(Tenant tenant, string feature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(feature);
        if (!licensing.HasFeature(feature))
        {
            return new(false);
        }

        var pending = DecideAsync(tenant, feature, 0, cancellationToken);
        return pending.IsCompletedSuccessfully ? new(pending.Result.Enabled) : EnabledAsync(pending);

        static async ValueTask<bool> EnabledAsync(ValueTask<Decision> pending) => (await pending.ConfigureAwait(false)).Enabled;
    }

    public IReadOnlyList<TenantFeature> List(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var licensed = licensing.Status.Licence?.Features ?? [];
        return [.. licensed.Select(f =>
        {
            var pending = DecideAsync(tenant, f, 0, CancellationToken.None);
            var decision = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
            return new TenantFeature(f, decision.Enabled) { Choice = ChoiceOf(tenant, f), SourceTenantId = decision.Source };
        })];
    }

    public async Task<Tenant> SetAsync(Guid tenantId, string feature, FeatureChoice choice, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(feature);
        if (!Enum.IsDefined(choice))
        {
            throw new ArgumentOutOfRangeException(nameof(choice), choice, "A feature choice is Inherit, On or Off.");
        }

        if (choice == FeatureChoice.On && !licensing.HasFeature(feature))
        {
            throw new FeatureNotLicensedException(feature);
        }

        // Only the feature lists are written, from the stored tenant: a copy cached on this node cannot undo a
        // suspension (or any other change) made elsewhere. Descendants are not touched: they read this tenant's
        // choice through it, so the change reaches every one of them, wherever it is cached, once this entry is.
        return await audit.RecordAsync(
            token => tenants.UpdateAsync(
                tenantId,
                tenant => tenant with
                {
                    EnabledFeatures = Chosen(tenant.EnabledFeatures, feature, choice == FeatureChoice.On),
                    DisabledFeatures = Chosen(tenant.DisabledFeatures, feature, choice == FeatureChoice.Off),
                },
                token),
            _ => new AuditEntry(AuditActions.FeatureSet, tenantId)
            {
                TargetType = "feature",
                TargetId = feature,
                Detail = new Dictionary<string, string> { ["choice"] = choice.ToString().ToLowerInvariant() },
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static string[] Chosen(IReadOnlyList<string> features, string feature, bool holds) =>
        [.. features.Where(f => !string.Equals(f, feature, StringComparison.OrdinalIgnoreCase)), .. holds ? [feature] : Array.Empty<string>()];

    // Off wins over on should a record written past this service hold both: hiding is the safe side.
    private static FeatureChoice ChoiceOf(Tenant tenant, string feature) =>
        Holds(tenant.DisabledFeatures, feature) ? FeatureChoice.Off : Holds(tenant.EnabledFeatures, feature) ? FeatureChoice.On : FeatureChoice.Inherit;

    // An indexed loop, not LINQ, so a warm check allocates no enumerator.
    private static bool Holds(IReadOnlyList<string> features, string feature)
    {
        for (var i = 0; i < features.Count; i++)
        {
            if (string.Equals(features[i], feature, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Walks up from the tenant, nearest choice first, bounded by the deepest tree allowed so a cycle written past
    // MspHub's checks cannot loop; each ancestor is read through the caching store, so a warm walk completes at once.
    private ValueTask<Decision> DecideAsync(Tenant tenant, string feature, int depth, CancellationToken cancellationToken)
    {
        for (var at = tenant; ; depth++)
        {
            if (ChoiceOf(at, feature) is var choice and not FeatureChoice.Inherit)
            {
                return new(new Decision(choice == FeatureChoice.On, at.Id));
            }

            if (at.ParentId is not { } parentId || depth >= _maxDepth)
            {
                return new(Decision.Default);
            }

            var parent = tenants.FindByIdAsync(parentId, cancellationToken);
            if (!parent.IsCompletedSuccessfully)
            {
                return DecideSlowAsync(parent, feature, depth + 1, cancellationToken);
            }

            if (parent.Result is not { } next)
            {
                return new(Decision.Default);
            }

            at = next;
        }
    }

    private async ValueTask<Decision> DecideSlowAsync(ValueTask<Tenant?> parent, string feature, int depth, CancellationToken cancellationToken) =>
        await parent.ConfigureAwait(false) is { } next ? await DecideAsync(next, feature, depth, cancellationToken).ConfigureAwait(false) : Decision.Default;

    /// <summary>Whether a feature is on and which tenant's choice says so (<see langword="null"/> for the licensed default).</summary>
    private readonly record struct Decision(bool Enabled, Guid? Source)
    {
        public static Decision Default => new(true, null);
    }
}

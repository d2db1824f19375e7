namespace MspHub;

/// <summary>
/// A tenant: one isolated customer environment (an MSP's client, a branch, the MSP itself). Immutable,
/// so a tenant served from a cache can be shared across requests without one caller changing it under
/// another; change one with a <see langword="with"/> expression and a store update.
/// </summary>
/// <remarks>
/// Every property validates itself when set, so an invalid tenant cannot be constructed, whether by
/// <see cref="Create"/>, an object initializer or a <see langword="with"/> expression.
/// </remarks>
public sealed record Tenant
{
    /// <summary>The longest display name allowed.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest feature name allowed.</summary>
    public const int MaxFeatureNameLength = 64;

    /// <summary>
    /// The tenant's identifier. <see cref="Create"/> issues a UUID version 7, whose time-ordered bits
    /// keep database indexes led by tenant id compact.
    /// </summary>
    public required Guid Id
    {
        get;
        init => field = Guard.Id(value, "A tenant id");
    }

    /// <summary>The unique, human-readable key used in host names, URLs, storage keys and audit (see <see cref="TenantSlug"/>).</summary>
    public required string Slug
    {
        get;
        init => field = TenantSlug.Validate(value);
    }

    /// <summary>The display name, 1 to <see cref="MaxNameLength"/> characters and not only white space.</summary>
    public required string Name
    {
        get;
        init => field = Guard.Name(value, "A tenant name", MaxNameLength);
    }

    /// <summary>The parent in the MSP → client → branch hierarchy, or <see langword="null"/> for a top-level tenant.</summary>
    public Guid? ParentId
    {
        get;
        init => field = value is { } parent ? Guard.Id(parent, "A parent id") : null;
    }

    /// <summary>Whether requests may use the tenant.</summary>
    public TenantStatus Status
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Status), value, "Unknown tenant status.");
    }

    /// <summary>
    /// When the tenant was created, in UTC to the whole millisecond (the precision of its UUID v7 id, and
    /// one every supported database keeps exactly, so a stored tenant equals the one that was created).
    /// </summary>
    public DateTimeOffset CreatedAt
    {
        get;
        init => field = Guard.UtcMilliseconds(value);
    }

    /// <summary>
    /// Whether this is the install's admin tenancy: the MSP's own tenant, whose active members are given
    /// shadow memberships in every tenant created later. An install has exactly one; the services that
    /// designate it move the flag, so stores only persist it.
    /// </summary>
    public bool IsAdminTenancy { get; init; }

    /// <summary>
    /// Features this tenant switches off itself, lower-case and sorted. Switching a feature off hides it and deletes
    /// nothing. A feature in neither this list nor <see cref="EnabledFeatures"/> follows the nearest ancestor that
    /// chooses, so a choice made at a parent is the default for its whole subtree (on at the top when no one chooses).
    /// </summary>
    public IReadOnlyList<string> DisabledFeatures
    {
        get;
        init => field = FeatureNames(value, nameof(DisabledFeatures));
    } = [];

    /// <summary>
    /// Features this tenant switches on itself, lower-case and sorted: on for it whatever an ancestor chose, and the
    /// default for its own subtree. The licence still bounds them; a feature it lacks is never on.
    /// </summary>
    public IReadOnlyList<string> EnabledFeatures
    {
        get;
        init => field = FeatureNames(value, nameof(EnabledFeatures));
    } = [];

    /// <summary>Whether every property is equal, the feature lists compared item by item.</summary>
    public bool Equals(Tenant? other) =>
        other is not null && Id == other.Id && Slug == other.Slug && Name == other.Name && ParentId == other.ParentId
        && Status == other.Status && CreatedAt == other.CreatedAt && IsAdminTenancy == other.IsAdminTenancy
        && DisabledFeatures.SequenceEqual(other.DisabledFeatures) && EnabledFeatures.SequenceEqual(other.EnabledFeatures);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Slug, Name, ParentId, Status, CreatedAt, IsAdminTenancy, DisabledFeatures.Count + (EnabledFeatures.Count << 16));

    /// <summary>Creates an active tenant with a fresh UUID v7 id, stamped with the current time.</summary>
    /// <param name="slug">The slug; see <see cref="TenantSlug"/> for the rules.</param>
    /// <param name="name">The display name.</param>
    /// <param name="parentId">The parent tenant, if any.</param>
    /// <param name="timeProvider">The clock to stamp and to time-order the id with; the system clock when omitted.</param>
    /// <exception cref="InvalidTenantSlugException">The slug breaks a rule.</exception>
    /// <exception cref="ArgumentException">The name is empty or too long.</exception>
    public static Tenant Create(string slug, string name, Guid? parentId = null, TimeProvider? timeProvider = null)
    {
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        return new Tenant
        {
            Id = Guid.CreateVersion7(now),
            Slug = slug,
            Name = name,
            ParentId = parentId,
            CreatedAt = now,
        };
    }

    // Both feature lists hold valid names, once each, in one order, so stored and compared lists agree.
    private static string[] FeatureNames(IEnumerable<string>? names, string property) =>
        [.. (names ?? throw new ArgumentNullException(property))
            .Select(f => Guard.Name(f, "A feature name", MaxFeatureNameLength, property).ToLowerInvariant())
            .Distinct()
            .Order(StringComparer.Ordinal)];
}

namespace MspHub;

/// <summary>
/// What to list: a search term, filters, a sort order and a page. Stores apply it with
/// <see cref="Filter"/> and <see cref="SortAndPage"/>, which any LINQ provider (objects or EF Core)
/// can run, so every store searches and sorts the same way.
/// </summary>
public sealed record TenantQuery
{
    /// <summary>The largest page a query may ask for.</summary>
    public const int MaxPageSize = 500;

    /// <summary>The highest page number a query may ask for, so the tenants before a page always count in an <see cref="int"/>.</summary>
    public const int MaxPage = int.MaxValue / MaxPageSize;

    /// <summary>The longest search term accepted.</summary>
    public const int MaxSearchLength = 200;

    /// <summary>Text to find in the slug or name, ignoring case; <see langword="null"/> for all tenants.</summary>
    public string? Search
    {
        get;
        init => field = value is null ? null
            : value.Length > MaxSearchLength
                ? throw new ArgumentOutOfRangeException(nameof(Search), $"A search term must be at most {MaxSearchLength} characters long (this one has {value.Length}).")
            // No slug or name holds such a character, and databases read one differently (SQLite cuts a pattern at a NUL).
            : !Guard.IsPlainLine(value)
                ? throw new ArgumentException("A search term must be plain text on one line: no control characters, line breaks, bidirectional formatting or invisible characters.", nameof(Search))
            : string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();
    }

    /// <summary>Only tenants with this status, when set.</summary>
    public TenantStatus? Status { get; init; }

    /// <summary>Only direct children of this tenant, when set.</summary>
    public Guid? ParentId { get; init; }

    /// <summary>Only the admin tenancy (<see langword="true"/>) or only the others (<see langword="false"/>), when set.</summary>
    public bool? IsAdminTenancy { get; init; }

    /// <summary>The quota whose usage <see cref="TenantSortField.Usage"/> sorts by, for example <c>automs</c>.</summary>
    public string? UsageQuota { get; init; }

    /// <summary>Keeps only the children of these tenants, for walking a hierarchy level by level; <see langword="null"/> keeps all.</summary>
    public IReadOnlyCollection<Guid>? ParentIds { get; init; }

    /// <summary>Keeps only these tenants, for lists such as the tenants a user may switch to; <see langword="null"/> keeps all.</summary>
    public IReadOnlyCollection<Guid>? Ids { get; init; }

    /// <summary>The sort key.</summary>
    public TenantSortField SortBy { get; init; } = TenantSortField.Name;

    /// <summary>Whether to sort from high to low.</summary>
    public bool Descending { get; init; }

    /// <summary>The page to return, from 1 to <see cref="MaxPage"/>.</summary>
    public int Page
    {
        get;
        init => field = value is >= 1 and <= MaxPage
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Page), value, $"Pages are numbered from 1 to {MaxPage}.");
    } = 1;

    /// <summary>The most tenants a page holds, 1 to <see cref="MaxPageSize"/>.</summary>
    public int PageSize
    {
        get;
        init => field = value is >= 1 and <= MaxPageSize
            ? value
            : throw new ArgumentOutOfRangeException(nameof(PageSize), value, $"A page holds 1 to {MaxPageSize} tenants.");
    } = 50;

    /// <summary>Keeps the tenants that match the search term and filters.</summary>
    public IQueryable<Tenant> Filter(IQueryable<Tenant> tenants)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        if (Search is { } search)
        {
            // ToLower() rather than a culture-aware comparison: it is what EF Core translates on every provider.
#pragma warning disable CA1304, CA1311, CA1862
            tenants = tenants.Where(t => t.Slug.Contains(search) || t.Name.ToLower().Contains(search));
#pragma warning restore CA1304, CA1311, CA1862
        }

        if (Status is { } status)
        {
            tenants = tenants.Where(t => t.Status == status);
        }

        if (ParentId is { } parentId)
        {
            tenants = tenants.Where(t => t.ParentId == parentId);
        }

        if (IsAdminTenancy is { } isAdminTenancy)
        {
            tenants = tenants.Where(t => t.IsAdminTenancy == isAdminTenancy);
        }

        if (ParentIds is { } parentIds)
        {
            tenants = tenants.Where(t => t.ParentId != null && parentIds.Contains(t.ParentId.Value));
        }

        if (Ids is { } ids)
        {
            tenants = tenants.Where(t => ids.Contains(t.Id));
        }

        return tenants;
    }

    /// <summary>
    /// Orders <paramref name="tenants"/> and takes this query's page. Ties go by id, in the same direction, so a
    /// descending list is the ascending one reversed and a database reads it backwards along one index.
    /// </summary>
    public IQueryable<Tenant> SortAndPage(IQueryable<Tenant> tenants) => Sort(tenants).Skip(Skipped).Take(PageSize);

    /// <summary>How many tenants come before this query's page.</summary>
    internal int Skipped => (Page - 1) * PageSize;

    internal IOrderedQueryable<Tenant> Sort(IQueryable<Tenant> tenants)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        return (SortBy, Descending) switch
        {
            (TenantSortField.Slug, false) => tenants.OrderBy(t => t.Slug).ThenBy(t => t.Id),
            (TenantSortField.Slug, true) => tenants.OrderByDescending(t => t.Slug).ThenByDescending(t => t.Id),
            (TenantSortField.CreatedAt, false) => tenants.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id),
            (TenantSortField.CreatedAt, true) => tenants.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
            (_, false) => tenants.OrderBy(t => t.Name).ThenBy(t => t.Id),
            (_, true) => tenants.OrderByDescending(t => t.Name).ThenByDescending(t => t.Id),
        };
    }
}

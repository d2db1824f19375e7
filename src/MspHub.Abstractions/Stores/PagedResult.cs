namespace MspHub;

/// <summary>One page of a longer list.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items on this page.</param>
/// <param name="TotalCount">How many items match in all pages.</param>
/// <param name="Page">This page's number, from 1.</param>
/// <param name="PageSize">The most items a page holds.</param>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount, int Page, int PageSize)
{
    /// <summary>How many pages there are.</summary>
    public int TotalPages => (TotalCount + PageSize - 1) / PageSize;
}

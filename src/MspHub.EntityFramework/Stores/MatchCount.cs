using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace MspHub.EntityFramework;

/// <summary>
/// <c>COUNT(*) OVER ()</c> in an EF Core query: how many rows the query matched before paging, beside each row of the
/// page, so a page and its total come from one read of the matches. EF Core's LINQ has no window functions, so
/// <c>ApplyMspHub</c> maps this function to that SQL (standard, on SQLite and PostgreSQL alike).
/// </summary>
internal static class MatchCount
{
    /// <summary>Translated in queries only. The argument is a column of the row: EF Core would run a function without one on the client.</summary>
    public static long Of(Guid rowId) => throw new InvalidOperationException($"{nameof(MatchCount)}.{nameof(Of)}({rowId}) is translated in EF Core queries and cannot run on its own.");

    public static void Map(ModelBuilder modelBuilder, DbContext context)
    {
        var mapping = context.GetService<IRelationalTypeMappingSource>().FindMapping(typeof(long));
        modelBuilder.HasDbFunction(typeof(MatchCount).GetMethod(nameof(Of))!)
            .HasTranslation(_ => new SqlFragmentExpression("COUNT(*) OVER ()", typeof(long), mapping));
    }
}

using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>Which stored logos are still served: a logo is kept while any branding shows it, and goes with the last one.</summary>
internal static class BrandingLogos
{
    /// <summary>
    /// The logos <paramref name="which"/> picks that no branding shows, leaving out the branding of
    /// <paramref name="exceptScope"/> (one about to go). Run it where every tenant's branding is visible.
    /// </summary>
    public static IQueryable<BrandingLogo> Unshown(DbContext context, Expression<Func<BrandingLogo, bool>> which, Guid? exceptScope)
    {
        var brandings = context.Set<BrandingRow>();
        return context.Set<BrandingLogo>().Where(which).Where(l => !brandings.Any(b => b.ScopeId != exceptScope && b.LogoSha256 == l.Sha256));
    }
}

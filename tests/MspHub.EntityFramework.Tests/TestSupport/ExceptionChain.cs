namespace MspHub.EntityFramework.Tests;

/// <summary>An exception and every exception inside it, outermost first: where a provider's own exception sits varies by layer.</summary>
public static class ExceptionChain
{
    public static IEnumerable<Exception> Of(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}

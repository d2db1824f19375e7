using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// Refuses a request to one of MspHub's own endpoints that gives a query parameter more than once: minimal APIs bind
/// <c>?action=a&amp;action=b</c> to the text <c>a,b</c>, a filter that matches nothing, so a page that should have said
/// "malformed" would say "nothing happened". None of MspHub's endpoints takes a list in the query; a host's endpoint
/// mapped into the same group is left as it is.
/// </summary>
internal static class SingleQueryValuesFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext factory, EndpointFilterDelegate next) =>
        factory.MethodInfo.DeclaringType?.Assembly != typeof(SingleQueryValuesFilter).Assembly ? next : context =>
        {
            foreach (var (name, values) in context.HttpContext.Request.Query)
            {
                if (values.Count > 1)
                {
                    return ValueTask.FromResult<object?>(new MspHubProblem(
                        MspHubProblemTypes.InvalidRequest, $"The query parameter {CallerText.Quote(name)} is given {values.Count} times; give it once."));
                }
            }

            return next(context);
        };
}

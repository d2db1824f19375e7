using Microsoft.EntityFrameworkCore;

namespace MspHub.SampleHub.Api;

/// <summary>
/// Answers input the operations refuse (<see cref="ArgumentException"/>) with 400 and a write that lost a race
/// (<see cref="DbUpdateException"/>) with 409 ProblemDetails; MspHub's own exceptions go to its mapping.
/// </summary>
public sealed class InvalidInputFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ArgumentException invalid)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: invalid.Message);
        }
        catch (DbUpdateException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: "The change conflicts with data saved meanwhile; read it again and retry.");
        }
    }
}

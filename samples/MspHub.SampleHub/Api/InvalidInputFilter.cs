using Microsoft.EntityFrameworkCore;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Api;

/// <summary>
/// Answers input the operations refuse (<see cref="ArgumentException"/>, and an invalid slug, whose MspHub message
/// names the broken rule by its code) with 400 and a write that lost a race (<see cref="DbUpdateException"/>) with
/// 409 ProblemDetails, worded by <see cref="Input.Message"/>; MspHub's other exceptions go to its mapping.
/// </summary>
public sealed class InvalidInputFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception invalid) when (invalid is ArgumentException or InvalidTenantSlugException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: Input.Message(invalid));
        }
        catch (DbUpdateException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: "The change conflicts with data saved meanwhile; read it again and retry.");
        }
    }
}

namespace SupportDesk.Api.Endpoints;

public static class CustomerEndpoints
{
    public static RouteGroupBuilder MapCustomerEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/customers")
            .RequireAuthorization("SupportAgent")
            .WithTags("Customers");

        group.MapGet("/", async (string? q, ICustomerService customers, CancellationToken ct) =>
            Results.Ok(await customers.SearchAsync(q ?? "", ct)));

        group.MapGet("/{id:guid}", async (Guid id, ICustomerService customers, CancellationToken ct) =>
            await customers.FindAsync(id, ct) is { } customer ? Results.Ok(customer) : Results.NotFound());

        group.MapPut("/{id:guid}/plan", async (Guid id, ChangePlanRequest body, ICustomerService customers, CancellationToken ct) =>
        {
            await customers.ChangePlanAsync(id, body.PlanCode, ct);
            return Results.NoContent();
        });

        return group;
    }
}

public sealed record ChangePlanRequest(string PlanCode);

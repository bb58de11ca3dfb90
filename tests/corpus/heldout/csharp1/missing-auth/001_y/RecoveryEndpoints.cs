using System.Security.Claims;

namespace SupportDesk.Api.Endpoints;

public static class RecoveryEndpoints
{
    // Account recovery actions used by support leads when a customer loses their device.
    public static RouteGroupBuilder MapRecoveryEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/recovery")
            .RequireAuthorization("SupportLead")
            .WithTags("Recovery");

        group.MapPost("/{customerId:guid}/reset-mfa", async (
            Guid customerId,
            ResetMfaRequest body,
            ClaimsPrincipal user,
            IAccountRecoveryService recovery,
            CancellationToken ct) =>
        {
            var ticket = await recovery.ResetMfaAsync(customerId, body.TicketReference, user.Identity?.Name ?? "system", ct);
            return Results.Ok(new { ticket.RecoveryCodeSentTo, ticket.ExpiresAt });
        });

        group.MapPost("/{customerId:guid}/email", async (
            Guid customerId,
            ChangeEmailRequest body,
            IAccountRecoveryService recovery,
            CancellationToken ct) =>
        {
            await recovery.ChangeLoginEmailAsync(customerId, body.NewEmail, ct);
            return Results.NoContent();
        });

        return group;
    }
}

public sealed record ResetMfaRequest(string TicketReference);
public sealed record ChangeEmailRequest(string NewEmail);

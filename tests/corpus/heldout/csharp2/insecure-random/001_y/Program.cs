using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Workspaces.Invitations;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(options =>
    {
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        options.Cookie.SameSite = SameSiteMode.Lax;
    });
builder.Services.AddAuthorization();
builder.Services.AddSingleton<InviteCodeGenerator>();
builder.Services.AddSingleton<ConcurrentDictionary<string, Invitation>>();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

var invites = app.MapGroup("/api/workspaces/{workspaceId:guid}/invites");

invites.MapPost("/", Results<Created<InviteResponse>, ValidationProblem> (
        Guid workspaceId,
        CreateInviteRequest body,
        InviteCodeGenerator codes,
        ConcurrentDictionary<string, Invitation> store,
        HttpContext http) =>
    {
        if (string.IsNullOrWhiteSpace(body.Email) || !body.Email.Contains('@'))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["email"] = ["A valid e-mail address is required."]
            });
        }

        var code = codes.Next();
        var invitation = new Invitation(
            code,
            workspaceId,
            body.Email.Trim().ToLowerInvariant(),
            http.User.Identity!.Name!,
            DateTimeOffset.UtcNow.AddDays(7));

        store[code] = invitation;

        return TypedResults.Created(
            $"/api/invites/{code}",
            new InviteResponse(code, invitation.ExpiresAt));
    })
    .RequireAuthorization();

app.MapPost("/api/invites/{code}/accept", Results<Ok<AcceptResponse>, NotFound> (
        string code,
        ConcurrentDictionary<string, Invitation> store,
        HttpContext http) =>
    {
        if (!store.TryRemove(code.ToUpperInvariant(), out var invitation)
            || invitation.ExpiresAt < DateTimeOffset.UtcNow)
        {
            return TypedResults.NotFound();
        }

        // membership is granted to the signed-in user who redeems the code
        return TypedResults.Ok(new AcceptResponse(invitation.WorkspaceId, http.User.Identity!.Name!));
    })
    .RequireAuthorization();

app.Run();

public sealed record CreateInviteRequest(string Email);
public sealed record InviteResponse(string Code, DateTimeOffset ExpiresAt);
public sealed record AcceptResponse(Guid WorkspaceId, string Member);
public sealed record Invitation(string Code, Guid WorkspaceId, string Email, string InvitedBy, DateTimeOffset ExpiresAt);

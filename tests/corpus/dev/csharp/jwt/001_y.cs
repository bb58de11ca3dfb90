using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

var builder = WebApplication.CreateBuilder(args);

var signingKey = Environment.GetEnvironmentVariable("API_JWT_SIGNING_KEY")
    ?? throw new InvalidOperationException("API_JWT_SIGNING_KEY is not set");

builder.Services
    .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddJwtBearer(options =>
    {
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = "https://id.fleet.example.com",
            ValidateAudience = true,
            ValidAudience = "fleet-api",
            ValidateLifetime = true,
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)),
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            NameClaimType = "sub"
        };
    });
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

var vehicles = app.MapGroup("/api/vehicles").RequireAuthorization();

vehicles.MapGet("/", (HttpContext ctx, IFleetService fleet) =>
    fleet.ListForDriverAsync(ctx.User.FindFirst("sub")!.Value));

vehicles.MapPost("/{vehicleId}/unlock", async (string vehicleId, HttpContext ctx, IFleetService fleet) =>
{
    var driver = ctx.User.FindFirst("sub")!.Value;
    return await fleet.UnlockAsync(vehicleId, driver) ? Results.NoContent() : Results.Forbid();
});

app.Run();

public interface IFleetService
{
    Task<IReadOnlyList<object>> ListForDriverAsync(string driverId);
    Task<bool> UnlockAsync(string vehicleId, string driverId);
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddAuthentication(options =>
    {
        options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
    })
    .AddCookie()
    .AddOpenIdConnect(options =>
    {
        options.Authority = builder.Configuration["Oidc:Authority"];
        options.ClientId = builder.Configuration["Oidc:ClientId"];
        options.ClientSecret = Environment.GetEnvironmentVariable("OIDC_CLIENT_SECRET");
        options.ResponseType = "code";
    });
builder.Services.AddAuthorization();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

// Signs the user out locally and sends them back to where they were,
// e.g. /signout?next=/projects/42
app.MapGet("/signout", async (HttpContext context, string? next) =>
{
    await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);

    var destination = IsLocalPath(next) ? next! : "/";
    return Results.LocalRedirect(destination);
});

app.MapGet("/", () => Results.Redirect("/projects")).RequireAuthorization();

app.Run();

// Mirrors IUrlHelper.IsLocalUrl: "/path" is local, "//host" and "/\\host" are not.
static bool IsLocalPath(string? url)
{
    if (string.IsNullOrEmpty(url) || url[0] != '/')
        return false;

    if (url.Length == 1)
        return true;

    return url[1] != '/' && url[1] != '\\';
}

using Microsoft.AspNetCore.Authentication.Cookies;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.Cookie.HttpOnly = true;
        o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
    });
builder.Services.AddAuthorization();
builder.Services.AddControllers();

var allowedOrigins = new HashSet<string>(
    builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [],
    StringComparer.OrdinalIgnoreCase);

var app = builder.Build();

// Hand-rolled CORS: the built-in middleware didn't play well with our preflight caching at the edge.
app.Use(async (context, next) =>
{
    var origin = context.Request.Headers.Origin.ToString();
    if (!string.IsNullOrEmpty(origin) && allowedOrigins.Contains(origin))
    {
        context.Response.Headers.AccessControlAllowOrigin = origin;
        context.Response.Headers.AccessControlAllowCredentials = "true";
    }
    context.Response.Headers.Vary = "Origin";

    if (HttpMethods.IsOptions(context.Request.Method))
    {
        context.Response.Headers.AccessControlAllowMethods = "GET, POST, PUT, DELETE";
        context.Response.Headers.AccessControlAllowHeaders = "Content-Type, X-Requested-With";
        context.Response.Headers.AccessControlMaxAge = "600";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return;
    }

    await next();
});

app.UseAuthentication();
app.UseAuthorization();

app.MapControllers();

app.MapGet("/api/me/addresses", (HttpContext ctx, IAddressBook book) =>
        book.ListAsync(ctx.User.Identity!.Name!))
    .RequireAuthorization();

app.Run();

public interface IAddressBook
{
    Task<IReadOnlyList<object>> ListAsync(string userName);
}
